"""Text to speech with a local Piper voice, normalised clips and the narration cache."""
