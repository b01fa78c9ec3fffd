"""Reports (整改台账, 通报, an offline page, exports): one report model, one small writer per format."""
