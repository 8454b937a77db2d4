"""Scale: the stages partition by partition through Dask, on Parquet, for corpora larger than memory.

The in-memory path (``load_corpus -> clean -> tokenize -> dtm``) holds the whole corpus at once. This
package runs the same functions on partitions of a few thousand documents, reading and writing
Parquet datasets (a folder of ``part.00000.parquet``, ``part.00001.parquet`` ... in ``doc_id``
order, and a completion marker written last), so memory depends on the partition size, not on the
corpus. One file per step:

1. ``stream.py``: :func:`corpus_to_parquet` streams a folder of ``.txt`` files or a big
   ``.jsonl``/``.csv``/``.parquet`` table into a corpus dataset, partitioned and sorted by ``doc_id``
   (never the whole text in memory);
2. ``dask_run.py``: :func:`pipeline` runs ``nqp.clean`` and ``nqp.tokenize`` on each partition through
   ``dask.dataframe`` (``from_map`` + ``map_partitions``), writing ``articles/`` and ``tokens/``
   datasets beside each other; on a ``distributed`` cluster when given a scheduler address
   (``scheduler="tcp://host:8786"``, the workers must see the output folder), else on the local
   processes scheduler;
3. ``dtm_parts.py``: :func:`dtm_parquet` builds the document-term matrix from a tokens dataset in two
   passes (document frequencies, then sparse rows written per partition and assembled once);
4. ``topics_parts.py``: :func:`topics_partial_fit` fits MiniBatchNMF or online LDA batch by batch
   (``partial_fit``);
5. ``parts.py``: the datasets themselves (:func:`parquet_parts`, :func:`parquet_read`, part files and
   the completion marker: a dataset whose writer was stopped is refused, not read as a whole).

Every partition sees exactly what the in-memory path sees for its documents, and cleaning and
tokenizing work document by document, so the results are the same: ``parquet_read(out / "articles")``
equals ``nqp.clean(nqp.load_corpus(path)).articles`` and :func:`dtm_parquet` equals ``nqp.dtm`` of the
same tokens (the tests check both). Corpus-wide steps (``nqp.near_duplicates``) are not partitioned:
run them on the articles table when it fits in memory.
"""

from __future__ import annotations

from .dask_run import *  # noqa: F401,F403
from .dask_run import __all__ as _dask_run_all
from .dtm_parts import *  # noqa: F401,F403
from .dtm_parts import __all__ as _dtm_parts_all
from .parts import *  # noqa: F401,F403
from .parts import __all__ as _parts_all
from .stream import *  # noqa: F401,F403
from .stream import __all__ as _stream_all
from .topics_parts import *  # noqa: F401,F403
from .topics_parts import __all__ as _topics_parts_all

__all__ = [*_parts_all, *_stream_all, *_dask_run_all, *_dtm_parts_all, *_topics_parts_all]
