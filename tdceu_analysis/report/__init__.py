"""Reports and exports people hand on: the state report, the at-risk list, dashboards."""
