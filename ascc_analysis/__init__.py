"""Shared logic of the ASCC Blueprint 2025 Mid-Term Review reports, in layers.

Each layer imports only the layers below it (``lint-imports`` checks this in ``make test``):

==============  =============================================================  ===================
layer           holds                                                          may import
==============  =============================================================  ===================
``pipeline/``   command line, plan, workers, fingerprint, gate cache,          everything below;
                publishing, lock, progress, index page                         nothing imports it
``chapters/``   the report runtime (``report``: start, load, finish;           present, analysis,
                ``sidecar``) and one module per template                       data, config
``present/``    house style, text, charts, sentences, HTML export              analysis, data
``analysis/``   pure functions over tidy frames (no file reading, no plots)    data
``validation/`` Great Expectations suites, cross-table rules, one result       data
                type, the offline summary page (orchestrating process only)
``data/``       taxonomy, Tool 1 ingest, ``DATASETS`` (every input once),      config
                report registry, io helpers (atomic write, JSON, hashes)
``config``      paths, file names and globs, cut-off and baseline years        standard library
==============  =============================================================  ===================

From raw data to a published page:

1. **raw -> tidy**: ``data.tool1`` ingests the Tool 1 workbooks; ``data.datasets`` declares and
   loads every other table (``data.typed_csv`` casts each column to its contract).
2. **tidy -> validated**: ``pipeline.gate`` runs ``validation.suites`` once per run (cached);
   nothing is published unless it passes.
3. **validated -> notebook**: ``pipeline.render`` executes a template of ``notebooks/`` with
   papermill; the template calls ``chapters.report`` (start, ``load`` of its declared
   datasets, finish), ``analysis`` for the numbers and ``present`` for tables, charts, text.
4. **notebook -> HTML**: ``present.html_export`` writes the self-contained page; ``pipeline.publish``
   moves it into ``outputs/`` and ``pipeline.index_page`` links every report.

Submodules are imported explicitly (``from ascc_analysis.analysis import activities``) so
that importing the package stays cheap.
"""

__version__ = "0.1.0"
