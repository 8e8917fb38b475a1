"""`make bench`: synthetic corpora of annual reports and the throughput/memory figures of ogi."""
