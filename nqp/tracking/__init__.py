"""Theme tracking: every mention of a policy slogan, traced to its sentence, its speaker and its place.

One responsibility per file:

- :mod:`.variants`: the surface forms a theme is matched by (:func:`theme_variants`) and the one matcher;
- :mod:`.speakers`: who says a span (:func:`speaker_of`), with the speech-cue vocabulary of
  ``nqp/data/speakers.toml`` (:func:`load_speaker_rules`);
- :mod:`.mentions`: the mention table (:func:`theme`) and its readable form (:func:`theme_table`);
- :mod:`.scope`: which articles are about the theme (:func:`theme_scope`), with the same matcher;
- :mod:`.diffusion`: first mentions, speakers, honest counts, periods, summaries per group;
- :mod:`.companions`: contexts, co-occurrence and the network of what the theme travels with;
- :mod:`.companion_stats`: companions by association (weighted log-odds with an informative Dirichlet prior,
  G² with a correction) against the rest of the corpus, per period, and the words entering and leaving;
- :mod:`.levels`: outlets' levels (a ``level`` column, or ``nqp/data/levels.toml``);
- :mod:`.adoption`: adopters, adoption curves, the first mention per level and the lag between levels;
- :mod:`.trends`: mentions per 10,000 characters per period for several terms at once;
- :mod:`.reprints`: reprint families (wire copy printed by several outlets) and mentions counted once per family.

Every function takes the articles of ``nqp.clean(corpus).articles`` (never a path, never a table to
clean again) and the mentions of :func:`theme`; they join on ``article_id``. Figures are in
:mod:`nqp.plots.tracking`.
"""

from __future__ import annotations

from .variants import *  # noqa: F401,F403
from .variants import __all__ as _variants_all
from .speakers import *  # noqa: F401,F403
from .speakers import __all__ as _speakers_all
from .mentions import *  # noqa: F401,F403
from .mentions import __all__ as _mentions_all
from .scope import *  # noqa: F401,F403
from .scope import __all__ as _scope_all
from .diffusion import *  # noqa: F401,F403
from .diffusion import __all__ as _diffusion_all
from .companions import *  # noqa: F401,F403
from .companions import __all__ as _companions_all
from .companion_stats import *  # noqa: F401,F403
from .companion_stats import __all__ as _companion_stats_all
from .levels import *  # noqa: F401,F403
from .levels import __all__ as _levels_all
from .adoption import *  # noqa: F401,F403
from .adoption import __all__ as _adoption_all
from .trends import *  # noqa: F401,F403
from .trends import __all__ as _trends_all
from .reprints import *  # noqa: F401,F403
from .reprints import __all__ as _reprints_all

__all__ = [*_variants_all, *_speakers_all, *_mentions_all, *_scope_all, *_diffusion_all, *_companions_all,
           *_companion_stats_all, *_levels_all, *_adoption_all, *_trends_all, *_reprints_all]
