"""Benchmarks: settings for the production-like set-up, loaders and load generators."""
