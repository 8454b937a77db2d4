"""Theme tracking: every mention of a policy slogan, traced to its sentence, its speaker and its place.

One responsibility per file:

- :mod:`.variants`: the surface forms a theme is matched by (:func:`theme_variants`) and the one matcher;
- :mod:`.speakers`: who says a span (:func:`speaker_of`), with the speech-cue vocabulary of
  ``nqp/data/speakers.toml`` (:func:`load_speaker_rules`);
- :mod:`.mentions`: the mention table (:func:`theme`) and its readable form (:func:`theme_table`);
- :mod:`.scope`: which articles are about the theme (:func:`theme_scope`), with the same matcher;
- :mod:`.diffusion`: first mentions, speakers, honest counts, periods, summaries per group;
- :mod:`.companions`: contexts, co-occurrence and the network of what the theme travels with;
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
from .reprints import *  # noqa: F401,F403
from .reprints import __all__ as _reprints_all

__all__ = [*_variants_all, *_speakers_all, *_mentions_all, *_scope_all, *_diffusion_all, *_companions_all, *_reprints_all]
