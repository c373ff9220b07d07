"""Turn a TalentLMS (ALET Talent) learning-progress export into TD-CEU records.

A learning-progress export has one row per user and course: who, which course,
the completion status, the completion date and the time spent. A mapping file
says which event (and session, strands, credit hours) each TalentLMS course
stands for. Only completed courses become records; every course the mapping
does not know is reported, never dropped silently.

One idea per module, every public name importable from here as before:

- `export`: reading the export (CSV or XLSX) and matching its headers loosely;
- `values`: parsing its values (time spent, user ids, course names);
- `dates`: completion dates, in the order the file proves or `--date-format` gives;
- `status`: which status words mean completed (data/talentlms/status-words.csv);
- `history`: the import's own file, its marker, and re-imports that keep history;
- `mapping`: the course mapping file, checked against the catalogue and the policy;
- `directors`: matching users to a data folder's directors;
- `records`: the import itself (`import_talentlms`, `import_talentlms_file`).
"""

from tdceu_analysis.io.talentlms.dates import (
    PORTAL_DATE_SETTINGS,
    DateSetting,
    decide_order,
    parse_date_text,
    read_date_setting,
)
from tdceu_analysis.io.talentlms.directors import IDENTITY_HEADERS, read_folder_people
from tdceu_analysis.io.talentlms.export import (
    EXPORT_HEADERS,
    REQUIRED_EXPORT_FIELDS,
    normalise_header,
    read_any,
)
from tdceu_analysis.io.talentlms.history import (
    MergedHistory,
    marker_path,
    merge_history,
    previous_import,
    write_own_file,
)
from tdceu_analysis.io.talentlms.mapping import (
    MAPPING_HEADERS,
    SHIPPED_MAPPING,
    read_mapping,
    shipped_event_ids,
    shipped_mapping_path,
)
from tdceu_analysis.io.talentlms.records import (
    RECORD_COLUMNS,
    TalentImport,
    import_talentlms,
    import_talentlms_file,
)
from tdceu_analysis.io.talentlms.status import completed_words, status_words
from tdceu_analysis.io.talentlms.values import parse_time_spent

__all__ = [
    "EXPORT_HEADERS",
    "IDENTITY_HEADERS",
    "MAPPING_HEADERS",
    "PORTAL_DATE_SETTINGS",
    "RECORD_COLUMNS",
    "REQUIRED_EXPORT_FIELDS",
    "SHIPPED_MAPPING",
    "DateSetting",
    "MergedHistory",
    "TalentImport",
    "completed_words",
    "decide_order",
    "import_talentlms",
    "import_talentlms_file",
    "marker_path",
    "merge_history",
    "normalise_header",
    "parse_date_text",
    "parse_time_spent",
    "previous_import",
    "read_any",
    "read_date_setting",
    "read_folder_people",
    "read_mapping",
    "shipped_event_ids",
    "shipped_mapping_path",
    "status_words",
    "write_own_file",
]
