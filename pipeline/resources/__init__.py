"""Resources every stage may use: policy categories, the CJK font, stop lists."""
