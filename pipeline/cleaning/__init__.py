"""Parts of the clean stage: decoding, chrome removal, normalisation, damage, structure."""
