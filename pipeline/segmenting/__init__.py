"""Parts of the segment stage: dictionaries, engines, quantities, harvested terms, stop lists."""
