"""Turn a TalentLMS (ALET Talent) learning-progress export into TD-CEU records.

A learning-progress export has one row per user and course: who, which course,
the completion status, the completion date and the time spent. A mapping file
says which event (and session, strands, credit hours) each TalentLMS course
stands for. Only completed courses become records; every course the mapping
does not know is reported, never dropped silently.

One idea per module, every public name importable from here as before:

- `export`: reading the export (CSV or XLSX) and matching its headers loosely;
- `values`: parsing its values (completion dates, time spent, user ids);
- `mapping`: the course mapping file, checked against the catalogue and the policy;
- `directors`: matching users to a data folder's directors;
- `records`: the import itself (`import_talentlms`, `import_talentlms_file`).
"""

from tdceu_analysis.io.talentlms.directors import IDENTITY_HEADERS, read_folder_people
from tdceu_analysis.io.talentlms.export import (
    EXPORT_HEADERS,
    REQUIRED_EXPORT_FIELDS,
    normalise_header,
    read_any,
)
from tdceu_analysis.io.talentlms.mapping import (
    MAPPING_HEADERS,
    SHIPPED_MAPPING,
    read_mapping,
    shipped_event_ids,
    shipped_mapping_path,
)
from tdceu_analysis.io.talentlms.records import (
    COMPLETED_WORDS,
    RECORD_COLUMNS,
    TalentImport,
    import_talentlms,
    import_talentlms_file,
)
from tdceu_analysis.io.talentlms.values import (
    check_date_format,
    parse_completion_date,
    parse_time_spent,
)

__all__ = [
    "COMPLETED_WORDS",
    "EXPORT_HEADERS",
    "IDENTITY_HEADERS",
    "MAPPING_HEADERS",
    "RECORD_COLUMNS",
    "REQUIRED_EXPORT_FIELDS",
    "SHIPPED_MAPPING",
    "TalentImport",
    "check_date_format",
    "import_talentlms",
    "import_talentlms_file",
    "normalise_header",
    "parse_completion_date",
    "parse_time_spent",
    "read_any",
    "read_folder_people",
    "read_mapping",
    "shipped_event_ids",
    "shipped_mapping_path",
]
