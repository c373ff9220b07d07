"""Reading ALET's input files and checking them against the data contract."""
