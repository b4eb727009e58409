"""Corpus mode: analyse thousands of statements locally or on Ray, resumably, into the same store.

``run_job(JobSpec(...))`` is the entry point (the CLI's ``statement-lens corpus analyze`` calls it);
``read_table(job_dir, "stance")`` reads a job's Parquet results back as one table.
"""

from statement_lens.corpus.job import JobSpec, JobSummary, run_job
from statement_lens.corpus.parquet import read_table
from statement_lens.corpus.sources import SourceItem, list_items, load_item

__all__ = ["JobSpec", "JobSummary", "SourceItem", "list_items", "load_item", "read_table", "run_job"]
