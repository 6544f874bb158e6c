no pragma {{TEXT}}
