"""What one build keeps for the next: caches, stamps, digests and reused pages. Imports no stage."""
