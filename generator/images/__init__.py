"""Images stage: photos made safe and responsive, social cards, cached and in parallel."""
