"""Understanding what people write: forms, negation, tense, lexicon, a statistical net."""
