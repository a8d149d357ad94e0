<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Child files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>A save is still on its way; try the restore again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the backup and restoring it…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup was restored ({count} records checked). Unlock it with the passphrase it had when it was made.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <source>Closed files (archive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name or ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the file (to reopen it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} closed files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupBox</name>
    <message>
        <source>Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A copy is made every day when the case file is opened (the last seven are kept). Copies stay encrypted: they open only with the passphrase the case file had when the copy was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up to a folder or USB stick…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase of the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where to put the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup to restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups (*.sqlite)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The case file will be replaced by the backup, after it has been checked. The current case file is kept aside in the backups folder. Changes made since the backup (and not yet sent to the county) are not in it. Go on?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace this computer&apos;s case file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This backup is of another village&apos;s case file (village {backup}); this computer&apos;s case file is village {this}. Restoring it turns this computer into that village&apos;s device: this village&apos;s files on it are replaced by that village&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This backup is of another case file (another computer&apos;s in the village, or one made afresh), not of this computer&apos;s. Restoring it replaces this computer&apos;s case file and its enrolment with the county.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current case file is kept in the backups folder. Replace it only if the county centre asked you to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace this computer&apos;s case file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the passphrase of the backup first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: this computer&apos;s case file is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BenefitsEditor</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benefit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Family told on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note (why refused or not needed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a benefit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add those that apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By the child&apos;s categories no benefit applies now (work plan annex 3 item 4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>work plan §{clause}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply by the child&apos;s categories: {benefits}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applied for yet: {benefits}. Tell the family what they are and how to apply, and help them apply (work plan annex 3 item 4).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseCycle</name>
    <message>
        <source>The latest assessment&apos;s risk level becomes the child&apos;s (work plan §二(六)3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The township assesses with 民政 and the police, helped by the village committee, schools, medical institutions, relatives and social workers (work plan §二(六)3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent → accepted → done, or declined with the reason. A referral with no answer {days} days after it was sent goes on the to-do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Six months of refusing the guardian&apos;s duty allow an application to the court to revoke the guardianship (work plan §二(六)4); the to-do says so 30 days before.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>评估帮扶 (work plan §二(六)3): the township, with 民政 and the police, assesses the child&apos;s safety, guardianship and physical and mental health and arranges help. Open plan items are on the to-do of the director and the township supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>转介帮扶, “一门受理、协同救助” (work plan §二(五)): ask the department for help and note its answer. No answer after {days} days puts the referral on the to-do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>强化监护干预 (work plan §二(六)4): pick the guardian who fails the child, and record each step taken (批评教育, 督促履责, 训诫 …) with its day and outcome.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>帮扶救助 (work plan annex 3 item 4): for a child who qualifies for assistance or welfare, tell the family what it is and how to apply, and help them apply. A benefit that applies and is not applied for is on the to-do.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChildFileDialog</name>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file has changes that are not saved yet. Save them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Basic information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Family and guardianship</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record this visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entrustments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guardianship intervention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benefits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandatory report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save or discard the changes first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referred to 人社 and 民政 for the 18th birthday (work plan §二(五)5, 10).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file was closed on {day} ({reason}); it is in the archive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role does not write this; the village&apos;s child director does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only on this laptop: the village&apos;s child director keeps this file. You may write assessments (with the risk level they set) and supervision notes and tasks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your unsaved changes from before the lock are back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Child file: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the basic information first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A child in difficulty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In scope, in no category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coming changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No changes coming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(work plan, clause {clause})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work plan annex 3 item 4: poorly guarded, out-of-school, unregistered, ill or disabled children are key children, visited more often. The to-do suggests them; tick this to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work plan §二(五)4, §二(六)1: a child without household registration is kept on file too (the hukou fields above are then not read). It is suggested as a key child; help settle the registration (annex 3 item 4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work plan annex 3 item 4: a child who dropped out or is out of school is a key child, helped back to school. Not yet at school: below school age.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work plan §二(一)4, 5: only a certificate within its validity counts; without this date the to-do asks for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChildMove</name>
    <message>
        <source>Move to another village…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The child now lives in another village of the county: the county server hands the whole file to that village at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The county did not move this file: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asked on {when} to move this file to {place}. The county does it at the next sync; then the file and all its records leave this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the request back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save or discard the changes first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move asked for: the county does it at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChildNotesPanel</name>
    <message>
        <source>No notes from the township about this child.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the supervision note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the task done…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved; the township sees it after the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChildTableModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Village</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{date} ({days} days overdue)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChildrenPage</name>
    <message>
        <source>Search by name, pinyin, initials (zs) or ID number digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Risk: {level}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All villages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any sync state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New child…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandatory report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record a mandatory report to the police about the chosen child.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files closed (退出/结案) leave this list; find and reopen them here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New child (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the case file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working out categories and visits due…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} records in the case file are damaged and are left out of the lists; the other records are safe. Restore a backup (Settings) or ask the county centre for help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing {shown} of {total} children</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClosureDialog</name>
    <message>
        <source>Reopen the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The child comes back into care: say why. The closing stays in the file&apos;s history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file leaves the lists and the to-do and is kept in the archive, from which it can be reopened. Closing at 18 for an orphan or a child in difficulty also refers the child to 人社 and 民政 (work plan §二(五)5, 10).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it is reopened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictTableModel</name>
    <message>
        <source>Child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>No conflicts: nothing to decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before (both sides agreed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine (this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theirs (the county)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed here, not sent yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or a new value:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the conflicts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{child}: {field}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unknown child)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed by {who} at {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That value cannot be read; type it like the values above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided: {field} of {child}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Damaged</name>
    <message>
        <source>This copy of the program is incomplete or damaged, so the case file cannot be shown. Reinstall the program; the case file itself is safe.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Another child in the case file already has this ID number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This mandatory report has been filed; only its follow-up can change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This record is no longer in the case file (it may have been deleted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The child this record belongs to is not in the case file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A record could not be read: it appears damaged. Nothing was changed; ask the county centre for help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The computer could not read or write a file: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong. Your saved work is safe; the details are in the log file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportBox</name>
    <message>
        <source>Export the ledger (台账)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An Excel workbook in the township&apos;s layout: a summary sheet (children per category and village) and one sheet per category. ID numbers are masked (330523********123X) unless you choose to show them in full; a ledger with masked ID numbers cannot be imported again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show full ID numbers in the file (it then holds personal data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the ledger to Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a blank ledger template…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full ID numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file will hold the full ID numbers of the children and their families: it is personal data, and it will be marked so. Keep it safe, do not send it on by WeChat or QQ, and delete it when it is no longer needed. Export with full ID numbers?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the ledger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ledger {date}.xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the ledger…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} children exported to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file holds full ID numbers (personal data) and is marked so: keep it safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID numbers are masked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the blank ledger template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ledger template.xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the template…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The blank template is saved: {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FigureListDialog</name>
    <message>
        <source>Child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Village</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visited in the month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Set up the case file on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome. This computer has no case file yet. Everything you type is kept encrypted on this computer, locked by a passphrase that only you know.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work on this computer only. You can join the county server later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join the county</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the server address and the enrolment code from the county centre; your records then go up to the county when you sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>12 digits, e.g. 330523101001</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 李主任</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown as the visitor and as who changed a record (走访人, 修改人).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 古城村 (shown instead of the code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the case file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Village code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Village name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only if the county centre gave you one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Join</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>County CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The village code has 6 to 12 digits (12 for a village).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your name: it is shown as the visitor and as who changed a record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server address starts with https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA file was not found: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the enrolment code from the county centre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the encrypted case file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contacting the county server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The county server did not accept this enrolment code: it may be mistyped, already used or expired (a code lasts 72 hours). Check it, or ask the county centre for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fields</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>How pressing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{date} ({days} days ago)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{date} (in {days} days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is due today or this week. Well done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click an item, or select it and press Enter, to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything on the to-do list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for what needs doing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{urgent} urgent, {soon} for this week, {info} for information; {later} more later on the to-do list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdNumberEdit</name>
    <message>
        <source>Show and edit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportBox</name>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was not imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a ledger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The village&apos;s own ledger as it is (Excel or WPS .xlsx, .xls, .csv): title rows, two-row headers, merged cells and totals need no editing. You see the columns it found and a preview of every row, with each child&apos;s category by the county&apos;s rules, before anything is written. A child already on file (same ID number) is updated only where you tick it, never added twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a ledger (.xlsx, .xls or .csv)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the other rows now, without the rows listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledger to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledger (*.xlsx *.xls *.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading and checking every row of {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds no children&apos;s rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the children&apos;s files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked {done} of {total} rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the children&apos;s files… {percent}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported: {bad} rows have problems (listed below). Correct them in the file and import it again, or import the other rows now without them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{added} children added (with {members} family members); {bad} rows not imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{updated} children updated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rows not imported are listed below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns kept in the children&apos;s notes: {columns}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>Bring in a ledger: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the others</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each column of the file and the field it fills. Change any of them, or choose “not imported”; columns no field knows are kept in the notes. The choice is remembered for ledgers of this layout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview again with these columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{new} new children, {update} to update, {unchanged} unchanged, {refused} rows with problems, {skipped} rows skipped; {disagree} rows where the ledger&apos;s category differs from the county&apos;s rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped rows: {rows}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} cells far right of the table were left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Categories by the rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledger&apos;s category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening date of the {count} new children whose row gives none:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening date of these {count} children (the ledger has no opening-date column):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filled in with today&apos;s date: change it to the day their files were opened. Monthly reports count new files by it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Has problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InterventionsEditor</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By whom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyChild</name>
    <message>
        <source>seriously ill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>poorly guarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dropped out or out of school</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no household registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a key child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is this child not a key child? (kept in the file)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyChildSuggestion</name>
    <message>
        <source>Mark as a key child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a key child…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested as a key child ({grounds}): visited more often and helped (work plan annex 3 item 4). Confirm, or say why not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LaterPage</name>
    <message>
        <source>This part of the window arrives in a later version. Until then the support staff can do it with the childdesk command.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Child files (一人一档)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock the case file (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To-do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits due and overdue, expiring papers, birthdays that matter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counts by category and village, visits due and done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock time, language, county server, passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The villages of the township, for the township supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledger and reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The township ledger in Excel, its template, the monthly report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandatory reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandatory reports to the police and their follow-up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} (later)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The case file is locked. Type the passphrase to go on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MonthlyReportBox</name>
    <message>
        <source>Monthly work report for the township</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home visits due and done, new and closed cases, mandatory reports, referrals and the children whose category changes next month. It names children: keep the files safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (to print)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel (.xlsx, every list in full)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the monthly report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>monthly report {month}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the monthly report (it names children: keep it safe)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the monthly report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The monthly report for {month} is saved: {paths}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Move to another village</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move {name}&apos;s file to another village of the county. The county server hands the file, with all its records (family, visits, entrustments, mandatory reports, referrals, assessments, supervision notes), to that village&apos;s child director.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a village or township name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The county&apos;s directory on this computer has no other village. Sync first, or ask the county centre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After the next sync this file leaves this computer: the village keeps nothing personal of it. Until then the request can be taken back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the county to move it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PassphraseFields</name>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Very weak: easily guessed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weak: easily guessed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not strong enough yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too short (at least {count} characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>digits only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it holds the village&apos;s name or code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a common password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a common pinyin word, name or number code (woaini, zhangsan, 1314)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is made of common English words or names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it holds a phone or ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it holds a date or a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it follows the keyboard (qwerty, 1qaz2wsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it repeats (aaaa, abcabc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a sequence (12345, abcde)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is too simple to resist guessing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This passphrase is too easy to guess: {reasons}. Use a few unrelated words with digits, at least {count} characters, for example {example} (make up your own; do not copy this one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases are not the same.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlanItemsEditor</name>
    <message>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a plan item</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintButton</name>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One-page file of the child (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entrustment confirmation for signing (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the PDF (it holds personal data: keep it safe)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entrustment.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF is saved: {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM-DD, e.g. 2015-03-08</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM-DD HH:MM, e.g. 2026-03-08 14:30</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordsPanel</name>
    <message>
        <source>{done} of {total} done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save or discard the changes in the form before choosing another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>About the child (fill in what is known; change it later)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work plan §二(六)1: report to the police at once (第一时间). More than 24 hours after the child was found is not at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refer the child to a department for help (转介帮扶, “一门受理、协同救助”, work plan §二(五)): opens the child&apos;s file on a new referral.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your unsaved changes from before the lock are back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandatory report: a child not on file yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandatory report: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This report has been filed with the police. It can no longer be changed; only its follow-up can be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report to the police (110 or the local police station) at once, then write down here when and to whom you reported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reported {hours} h {minutes} min after the child was found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not at once: the work plan (§二(六)1) asks for a report to the police at once (第一时间); write down why in the description.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After the mandatory report ({trigger}): </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not filed: please fill in the fields marked in red first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Draft, not filed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filed, closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filed, following up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filed, open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Police station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only reports not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report a child not on file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To report about a child already on file, open the child&apos;s file or pick the child in the children list and press “Mandatory report”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the reports…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{total} reports, {open} not closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>This computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock the window after no use for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language (after restarting the program)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size of the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: the text has its new size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>County server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only if the county centre gave you one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the server settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>County CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: the window locks after {n} minutes without use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: the language changes the next time the program starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer works offline. To join the county server, ask the county centre for an enrolment code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. The next sync uses this server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the current passphrase first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the passphrase… this takes a few seconds; you can keep working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase is changed. Use the new one from now on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SituationsEditor</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Situation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disability category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disability grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a situation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children on file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In a category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due a visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Of those, visited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a bar to see the children it counts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children by category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children by village</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home visits month by month (click a bar for its list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children in difficulty: {count} (a child in several categories counted once).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{figure}, {month}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted as the monthly report counts them: by the dates of the visits and the files, categories as of {day}. Double-click a child to open the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{children} children on file, {in_categories} in a category, {overdue} with a visit overdue.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisionListDialog</name>
    <message>
        <source>Child or task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisionPage</name>
    <message>
        <source>Village</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user}: never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user}: no sync for {days} days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user} {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after the next sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no laptop enrolled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{user} (computer {computer}): last sync {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The county tells this laptop when each village laptop last synced at this laptop&apos;s next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the county server told this laptop at its last sync ({when}). A laptop not synced for more than {days} days is shown in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a village to see and write its notes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the supervision note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children
on file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left
behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In
difficulty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other
categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits
overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No valid
entrustment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open
reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open
referrals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks done /
open / overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data
problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children whose files are open (closed files are in the archive).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left-behind children (work plan §二(一)1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children in difficulty (work plan §二(一)2–6).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children involved with the justice system or needing temporary custody.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Children whose next visit is past its day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left-behind children with no signed entrustment confirmation in force (work plan annex 3 item 3: the director helps the guardians sign one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandatory reports not closed, drafts included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referrals not yet answered or still in progress.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks in the township&apos;s notes: done (with the village&apos;s reply), open, and past their day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files the rules cannot judge (facts that contradict each other), children without an ID number, and 低保 certificates without their validity date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Laptops&apos;
last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a number to see the children or tasks behind it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the task done…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tell the township supervisor that what this note asked for is done, with a short reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the township&apos;s villages…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{township}: {count} villages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The township supervisor&apos;s notes to this village</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{village}: {figure}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervision notes for {village}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note saved; it goes to the village at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marked done; the supervisor sees it after the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How it went</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} children&apos;s files moved to another village and left this computer; nothing personal of them stays here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} changes made here to them went with them (the county keeps what it refused after the move in the file&apos;s history).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished; {count} records sent back to the restored server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Did not finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{words} ({tries} tries since {since})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no child)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync with the county</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a record to open the child&apos;s file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing waits to go up: the county has everything made here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>County server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes waiting to go up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts to decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent syncs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to go up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading what waits to go up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{server} (signed in as {user})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not joined: this computer works offline. To send records to the county, ask the county centre for an enrolment code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The county server was restored from a backup. Sending back: {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending: {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving: {done}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync finished: {pushed} sent, {pulled} received, {merged} merged, {conflicts} conflicts, {rejected} refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The county server had been restored from a backup: this computer sent back the {count} records it holds, so nothing is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the Conflicts page to decide which values to keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync did not finish.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncWords</name>
    <message>
        <source>today at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yesterday at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{date} at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing with the county… you can keep working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer works on its own (not joined to the county); all is saved here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never synced with the county yet; {count} changes wait to go up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline for {days} days (last sync {when}): what the county changed since is not here yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline for {days} days (last sync {when}): the county does not see {count} changes made here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection to the county now; last sync {when}, {count} changes wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to date with the county (last sync {when}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync {when}; {count} changes wait to go up.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskReply</name>
    <message>
        <source>Mark the task done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task: {task}

What was done? (one short line for the township)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodoPage</name>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entrustments and certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthdays and category changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mandatory reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assessments, help plans and referrals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts and refused records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tasks from the township</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How pressing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to do right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click an item to open the child&apos;s file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for what needs doing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{total} things to do, {urgent} urgent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock the case file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The case file was locked because nobody used the computer for a while. Type the passphrase to go on; unsaved edits are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the passphrase of this computer&apos;s case file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: this case file holds made-up children only. Its passphrase is {passphrase}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the passphrase first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the case file…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <source>Visit date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next visit due</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole record (deleted or kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to another village asked for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move request taken back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
