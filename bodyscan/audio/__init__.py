"""Audio without Qt: clips, synthesised sounds, the block mixer, WAV files and outputs."""
