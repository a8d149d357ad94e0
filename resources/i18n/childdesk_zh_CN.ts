<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
    <message>
        <source>Child files</source>
        <translation>儿童档案</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>A save is still on its way; try the restore again in a moment.</source>
        <translation>还有一项保存正在进行，请稍后再恢复。</translation>
    </message>
    <message>
        <source>Checking the backup and restoring it…</source>
        <translation>正在检查并恢复备份……</translation>
    </message>
    <message>
        <source>The backup was restored ({count} records checked). Unlock it with the passphrase it had when it was made.</source>
        <translation>备份已恢复（已检查 {count} 条记录）。请用备份时档案库的密码解锁。</translation>
    </message>
</context>
<context>
    <name>ArchiveDialog</name>
    <message>
        <source>Closed files (archive)</source>
        <translation>已结案档案</translation>
    </message>
    <message>
        <source>Search by name or ID number</source>
        <translation>按姓名或身份证号码查找</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>结案日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>结案原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Open the file (to reopen it)</source>
        <translation>打开档案（可重新开案）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{n} closed files</source>
        <translation>共 {n} 份已结案档案</translation>
    </message>
</context>
<context>
    <name>BackupBox</name>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>A copy is made every day when the case file is opened (the last seven are kept). Copies stay encrypted: they open only with the passphrase the case file had when the copy was made.</source>
        <translation>每天打开档案库时会自动备份一份（保留最近 7 份）。备份仍是加密的，只能用备份时档案库的密码打开。</translation>
    </message>
    <message>
        <source>Back up to a folder or USB stick…</source>
        <translation>备份到文件夹或U盘……</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复……</translation>
    </message>
    <message>
        <source>Passphrase of the backup</source>
        <translation>备份时的密码</translation>
    </message>
    <message>
        <source>Where to put the backup</source>
        <translation>备份保存到哪里</translation>
    </message>
    <message>
        <source>Backup to restore</source>
        <translation>要恢复的备份</translation>
    </message>
    <message>
        <source>Backups (*.sqlite)</source>
        <translation>备份文件 (*.sqlite)</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>The case file will be replaced by the backup, after it has been checked. The current case file is kept aside in the backups folder. Changes made since the backup (and not yet sent to the county) are not in it. Go on?</source>
        <translation>备份检查无误后，将用它替换现在的档案库；现在的档案库会另存到 backups 文件夹。备份之后所做、尚未上传到县里的修改不在备份中。继续吗？</translation>
    </message>
    <message>
        <source>Replace this computer&apos;s case file?</source>
        <translation>要替换本机的档案库吗？</translation>
    </message>
    <message>
        <source>This backup is of another village&apos;s case file (village {backup}); this computer&apos;s case file is village {this}. Restoring it turns this computer into that village&apos;s device: this village&apos;s files on it are replaced by that village&apos;s.</source>
        <translation>这个备份属于另一个村（社区）的档案库（村代码 {backup}），而本机档案库属于 {this}。恢复它会把这台电脑变成那个村的设备：本村在这台电脑上的档案将被那个村的档案替换。</translation>
    </message>
    <message>
        <source>This backup is of another case file (another computer&apos;s in the village, or one made afresh), not of this computer&apos;s. Restoring it replaces this computer&apos;s case file and its enrolment with the county.</source>
        <translation>这个备份来自另一个档案库（同村另一台电脑的，或重新建立的档案库），不是本机档案库的备份。恢复它会替换本机的档案库和它在县里的登记。</translation>
    </message>
    <message>
        <source>The current case file is kept in the backups folder. Replace it only if the county centre asked you to.</source>
        <translation>现在的档案库会另存在 backups 文件夹中。只有县中心要求时才替换。</translation>
    </message>
    <message>
        <source>Replace this computer&apos;s case file</source>
        <translation>替换本机档案库</translation>
    </message>
    <message>
        <source>Backed up to {path}</source>
        <translation>已备份到 {path}</translation>
    </message>
    <message>
        <source>Type the passphrase of the backup first.</source>
        <translation>请先输入备份时的密码。</translation>
    </message>
    <message>
        <source>Not restored: this computer&apos;s case file is unchanged.</source>
        <translation>没有恢复，本机档案库没有任何改动。</translation>
    </message>
</context>
<context>
    <name>BenefitsEditor</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Benefit</source>
        <translation>救助项目</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Family told on</source>
        <translation>告知日期</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Granted on</source>
        <translation>享受（批准）日期</translation>
    </message>
    <message>
        <source>Note (why refused or not needed)</source>
        <translation>说明（未获批或无需申请的原因）</translation>
    </message>
    <message>
        <source>Add a benefit</source>
        <translation>添加救助项目</translation>
    </message>
    <message>
        <source>Add those that apply</source>
        <translation>添加适用的救助项目</translation>
    </message>
    <message>
        <source>By the child&apos;s categories no benefit applies now (work plan annex 3 item 4).</source>
        <translation>按儿童目前的类别，暂无适用的救助项目（工作方案附件3第4项）。</translation>
    </message>
    <message>
        <source>work plan §{clause}</source>
        <translation>工作方案{clause}</translation>
    </message>
    <message>
        <source>Apply by the child&apos;s categories: {benefits}.</source>
        <translation>按儿童类别适用：{benefits}。</translation>
    </message>
    <message>
        <source>Not applied for yet: {benefits}. Tell the family what they are and how to apply, and help them apply (work plan annex 3 item 4).</source>
        <translation>尚未申请：{benefits}。请告知具体内容及申请程序，并协助申请救助（工作方案附件3第4项）。</translation>
    </message>
</context>
<context>
    <name>CaseCycle</name>
    <message>
        <source>The latest assessment&apos;s risk level becomes the child&apos;s (work plan §二(六)3).</source>
        <translation>最近一次评估的风险等级即为儿童的风险等级（工作方案二（六）3）。</translation>
    </message>
    <message>
        <source>The township assesses with 民政 and the police, helped by the village committee, schools, medical institutions, relatives and social workers (work plan §二(六)3).</source>
        <translation>乡镇（街道）会同民政部门、公安机关，在村（居）民委员会、中小学校、医疗机构以及亲属、社会工作专业服务机构的协助下开展评估（工作方案二（六）3）。</translation>
    </message>
    <message>
        <source>Sent → accepted → done, or declined with the reason. A referral with no answer {days} days after it was sent goes on the to-do.</source>
        <translation>已转介 → 已受理 → 已办结，或未受理并写明原因。转介后 {days} 天仍未答复的，列入待办事项。</translation>
    </message>
    <message>
        <source>Six months of refusing the guardian&apos;s duty allow an application to the court to revoke the guardianship (work plan §二(六)4); the to-do says so 30 days before.</source>
        <translation>拒不履行监护职责满6个月的，可依法向法院申请撤销监护人资格（工作方案二（六）4）；到期前30天列入待办事项。</translation>
    </message>
    <message>
        <source>评估帮扶 (work plan §二(六)3): the township, with 民政 and the police, assesses the child&apos;s safety, guardianship and physical and mental health and arranges help. Open plan items are on the to-do of the director and the township supervisor.</source>
        <translation>评估帮扶（工作方案二（六）3）：乡镇（街道）会同民政部门、公安机关，对儿童的安全处境、监护情况、身心健康状况进行调查评估，有针对性地安排帮扶。未完成的帮扶事项列入儿童主任和儿童督导员的待办事项。</translation>
    </message>
    <message>
        <source>转介帮扶, “一门受理、协同救助” (work plan §二(五)): ask the department for help and note its answer. No answer after {days} days puts the referral on the to-do.</source>
        <translation>转介帮扶，“一门受理、协同救助”（工作方案二（五））：请相关部门帮扶，并记录其答复。转介 {days} 天后仍未答复的，列入待办事项。</translation>
    </message>
    <message>
        <source>强化监护干预 (work plan §二(六)4): pick the guardian who fails the child, and record each step taken (批评教育, 督促履责, 训诫 …) with its day and outcome.</source>
        <translation>强化监护干预（工作方案二（六）4）：选择未履行监护职责的监护人，逐项记录采取的措施（批评教育、督促履责、训诫……）及日期和结果。</translation>
    </message>
    <message>
        <source>帮扶救助 (work plan annex 3 item 4): for a child who qualifies for assistance or welfare, tell the family what it is and how to apply, and help them apply. A benefit that applies and is not applied for is on the to-do.</source>
        <translation>帮扶救助（工作方案附件3第4项）：对符合社会救助、社会福利政策的儿童及家庭，告知具体内容及申请程序，并协助申请救助。适用但尚未申请的救助项目列入待办事项。</translation>
    </message>
</context>
<context>
    <name>ChildFileDialog</name>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>This file has changes that are not saved yet. Save them?</source>
        <translation>这份档案有尚未保存的修改，要保存吗？</translation>
    </message>
    <message>
        <source>Basic information</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Family and guardianship</source>
        <translation>家庭监护情况</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Record this visit</source>
        <translation>保存这次走访</translation>
    </message>
    <message>
        <source>New visit</source>
        <translation>新增走访</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <source>Entrustments</source>
        <translation>委托监护</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>转介</translation>
    </message>
    <message>
        <source>Guardianship intervention</source>
        <translation>监护干预</translation>
    </message>
    <message>
        <source>History</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>督导</translation>
    </message>
    <message>
        <source>Benefits</source>
        <translation>帮扶救助</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Mandatory report…</source>
        <translation>强制报告…</translation>
    </message>
    <message>
        <source>Close the file…</source>
        <translation>退出/结案…</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新开案…</translation>
    </message>
    <message>
        <source>Save or discard the changes first.</source>
        <translation>请先保存或放弃修改。</translation>
    </message>
    <message>
        <source>Referred to 人社 and 民政 for the 18th birthday (work plan §二(五)5, 10).</source>
        <translation>已因年满18周岁转介人社和民政（工作方案二（五）5、10）。</translation>
    </message>
    <message>
        <source>This file was closed on {day} ({reason}); it is in the archive.</source>
        <translation>此档案已于 {day} 结案（{reason}），现存于已结案档案。</translation>
    </message>
    <message>
        <source>Opening the file…</source>
        <translation>正在打开档案…</translation>
    </message>
    <message>
        <source>Your role does not write this; the village&apos;s child director does.</source>
        <translation>此项由本村儿童主任填写，您的角色不能修改。</translation>
    </message>
    <message>
        <source>Read-only on this laptop: the village&apos;s child director keeps this file. You may write assessments (with the risk level they set) and supervision notes and tasks.</source>
        <translation>本机只能查看此档案：档案由村（社区）儿童主任填写。您可以填写评估（及评估确定的风险等级）、督导意见和督办事项。</translation>
    </message>
    <message>
        <source>Your unsaved changes from before the lock are back.</source>
        <translation>锁定前未保存的修改已恢复。</translation>
    </message>
    <message>
        <source>New child</source>
        <translation>新增儿童</translation>
    </message>
    <message>
        <source>Child file: {name}</source>
        <translation>儿童档案：{name}</translation>
    </message>
    <message>
        <source>Save the basic information first.</source>
        <translation>请先保存基本信息。</translation>
    </message>
    <message>
        <source>A child in difficulty.</source>
        <translation>属于困境儿童。</translation>
    </message>
    <message>
        <source>In scope, in no category</source>
        <translation>在保障范围内，但不属于任何类别</translation>
    </message>
    <message>
        <source>Not in scope</source>
        <translation>不在保障范围内</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Coming changes</source>
        <translation>即将发生的变化</translation>
    </message>
    <message>
        <source>No changes coming.</source>
        <translation>近期没有变化。</translation>
    </message>
    <message>
        <source>(work plan, clause {clause})</source>
        <translation>（工作方案第{clause}项）</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Work plan annex 3 item 4: poorly guarded, out-of-school, unregistered, ill or disabled children are key children, visited more often. The to-do suggests them; tick this to confirm.</source>
        <translation>工作方案附件3第4项：监护情况较差、失学辍学、无户籍以及患病、残疾等儿童为重点儿童，应定期随访。待办事项会提示建议列为重点儿童的儿童，核实后勾选此项确认。</translation>
    </message>
    <message>
        <source>Work plan §二(五)4, §二(六)1: a child without household registration is kept on file too (the hukou fields above are then not read). It is suggested as a key child; help settle the registration (annex 3 item 4).</source>
        <translation>工作方案二（五）4、二（六）1：无户籍儿童同样建档（此时不读取上面的户籍信息），并建议列为重点儿童；请协助落实户籍（附件3第4项）。</translation>
    </message>
    <message>
        <source>Work plan annex 3 item 4: a child who dropped out or is out of school is a key child, helped back to school. Not yet at school: below school age.</source>
        <translation>工作方案附件3第4项：失学辍学儿童为重点儿童，应协助其返校复学。“未入学”指未到入学年龄。</translation>
    </message>
    <message>
        <source>Work plan §二(一)4, 5: only a certificate within its validity counts; without this date the to-do asks for it.</source>
        <translation>工作方案二（一）4、5：只有在有效期内的救助证才算数；未填写有效期的，待办事项会提醒补填。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请修改标红的项目。</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>未保存。</translation>
    </message>
    <message>
        <source>Saving the visit…</source>
        <translation>正在保存走访记录…</translation>
    </message>
    <message>
        <source>Visit recorded.</source>
        <translation>走访记录已保存。</translation>
    </message>
    <message>
        <source>Visit not saved.</source>
        <translation>走访记录未保存。</translation>
    </message>
</context>
<context>
    <name>ChildMove</name>
    <message>
        <source>Move to another village…</source>
        <translation>迁往其他村…</translation>
    </message>
    <message>
        <source>The child now lives in another village of the county: the county server hands the whole file to that village at the next sync.</source>
        <translation>儿童已迁居本县其他村（社区）：下次同步时，县级服务器会把整份档案移交给该村。</translation>
    </message>
    <message>
        <source>The county did not move this file: {why}</source>
        <translation>县里没有办理迁移：{why}</translation>
    </message>
    <message>
        <source>Noted</source>
        <translation>知道了</translation>
    </message>
    <message>
        <source>Asked on {when} to move this file to {place}. The county does it at the next sync; then the file and all its records leave this computer.</source>
        <translation>已于 {when} 申请把本档案迁往{place}。县里在下次同步时办理，之后本档案及其全部记录将从本机移除。</translation>
    </message>
    <message>
        <source>Take the request back</source>
        <translation>撤销申请</translation>
    </message>
    <message>
        <source>Save or discard the changes first.</source>
        <translation>请先保存或放弃修改。</translation>
    </message>
    <message>
        <source>Move asked for: the county does it at the next sync.</source>
        <translation>已申请迁移，下次同步时交县里办理。</translation>
    </message>
</context>
<context>
    <name>ChildNotesPanel</name>
    <message>
        <source>No notes from the township about this child.</source>
        <translation>乡镇还没有关于这名儿童的督导意见。</translation>
    </message>
    <message>
        <source>Add the supervision note</source>
        <translation>保存督导意见</translation>
    </message>
    <message>
        <source>Mark the task done…</source>
        <translation>标记办结…</translation>
    </message>
    <message>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请改正标红的内容。</translation>
    </message>
    <message>
        <source>Saved; the township sees it after the next sync.</source>
        <translation>已保存，下次同步后乡镇可以看到。</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>未保存。</translation>
    </message>
</context>
<context>
    <name>ChildTableModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation>下次走访</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>同步状态</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Not needed</source>
        <translation>无需走访</translation>
    </message>
    <message>
        <source>{date} ({days} days overdue)</source>
        <translation>{date}（逾期 {days} 天）</translation>
    </message>
</context>
<context>
    <name>ChildrenPage</name>
    <message>
        <source>Search by name, pinyin, initials (zs) or ID number digits</source>
        <translation>按姓名、拼音、首字母（如 zs）或身份证号码数字查找</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Any risk</source>
        <translation>全部风险等级</translation>
    </message>
    <message>
        <source>Risk: {level}</source>
        <translation>风险：{level}</translation>
    </message>
    <message>
        <source>All villages</source>
        <translation>全部村</translation>
    </message>
    <message>
        <source>Key children</source>
        <translation>重点儿童</translation>
    </message>
    <message>
        <source>Visit overdue</source>
        <translation>走访已逾期</translation>
    </message>
    <message>
        <source>Any sync state</source>
        <translation>全部同步状态</translation>
    </message>
    <message>
        <source>New child…</source>
        <translation>新增儿童…</translation>
    </message>
    <message>
        <source>Mandatory report…</source>
        <translation>强制报告…</translation>
    </message>
    <message>
        <source>Record a mandatory report to the police about the chosen child.</source>
        <translation>为选中的儿童向公安机关作强制报告并登记。</translation>
    </message>
    <message>
        <source>Closed files…</source>
        <translation>已结案档案…</translation>
    </message>
    <message>
        <source>Files closed (退出/结案) leave this list; find and reopen them here.</source>
        <translation>退出/结案的档案不再列在这里；可在已结案档案中查找并重新开案。</translation>
    </message>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>搜索（Ctrl+F）</translation>
    </message>
    <message>
        <source>New child (Ctrl+N)</source>
        <translation>新增儿童（Ctrl+N）</translation>
    </message>
    <message>
        <source>Reading the case file…</source>
        <translation>正在读取档案…</translation>
    </message>
    <message>
        <source>Working out categories and visits due…</source>
        <translation>正在计算保障类别和应走访日期…</translation>
    </message>
    <message>
        <source>{count} records in the case file are damaged and are left out of the lists; the other records are safe. Restore a backup (Settings) or ask the county centre for help.</source>
        <translation>档案库中有 {count} 条记录已损坏，未在列表中显示；其余记录完好。请在“设置”中从备份恢复，或联系县中心。</translation>
    </message>
    <message>
        <source>Showing {shown} of {total} children</source>
        <translation>显示 {total} 名儿童中的 {shown} 名</translation>
    </message>
</context>
<context>
    <name>ClosureDialog</name>
    <message>
        <source>Reopen the file</source>
        <translation>重新开案</translation>
    </message>
    <message>
        <source>Close the file</source>
        <translation>退出/结案</translation>
    </message>
    <message>
        <source>The child comes back into care: say why. The closing stays in the file&apos;s history.</source>
        <translation>儿童重新纳入关爱保护：请写明原因。结案记录仍保留在修改记录中。</translation>
    </message>
    <message>
        <source>The file leaves the lists and the to-do and is kept in the archive, from which it can be reopened. Closing at 18 for an orphan or a child in difficulty also refers the child to 人社 and 民政 (work plan §二(五)5, 10).</source>
        <translation>结案后档案不再列入儿童名单和待办事项，保存在已结案档案中，可重新开案。孤儿或困境儿童因年满18周岁结案的，同时转介人社和民政（工作方案二（五）5、10）。</translation>
    </message>
    <message>
        <source>Why it is reopened</source>
        <translation>重新开案原因</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>结案原因</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>ConflictTableModel</name>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>修改时间</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>No conflicts: nothing to decide.</source>
        <translation>没有冲突，无需处理。</translation>
    </message>
    <message>
        <source>Before (both sides agreed)</source>
        <translation>原值（双方修改前）</translation>
    </message>
    <message>
        <source>Mine (this computer)</source>
        <translation>本机的值</translation>
    </message>
    <message>
        <source>Theirs (the county)</source>
        <translation>县里的值</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>保留本机的值</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>采用县里的值</translation>
    </message>
    <message>
        <source>Use this value</source>
        <translation>使用这个新值</translation>
    </message>
    <message>
        <source>Changed here, not sent yet</source>
        <translation>在本机修改，尚未上传</translation>
    </message>
    <message>
        <source>Or a new value:</source>
        <translation>或者填写新值：</translation>
    </message>
    <message>
        <source>Reading the conflicts…</source>
        <translation>正在读取冲突…</translation>
    </message>
    <message>
        <source>{child}: {field}</source>
        <translation>{child}：{field}</translation>
    </message>
    <message>
        <source>(unknown child)</source>
        <translation>（未知儿童）</translation>
    </message>
    <message>
        <source>Changed by {who} at {when}</source>
        <translation>由 {who} 于 {when} 修改</translation>
    </message>
    <message>
        <source>That value cannot be read; type it like the values above.</source>
        <translation>无法识别这个值，请按上面各值的格式填写。</translation>
    </message>
    <message>
        <source>Decided: {field} of {child}.</source>
        <translation>已处理：{child}的{field}。</translation>
    </message>
</context>
<context>
    <name>Damaged</name>
    <message>
        <source>This copy of the program is incomplete or damaged, so the case file cannot be shown. Reinstall the program; the case file itself is safe.</source>
        <translation>本程序的文件不完整或已损坏，无法显示档案库。请重新安装本程序；档案库本身是安全的。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Another child in the case file already has this ID number.</source>
        <translation>档案中已有另一名儿童使用这个身份证号码。</translation>
    </message>
    <message>
        <source>This mandatory report has been filed; only its follow-up can change.</source>
        <translation>这份强制报告已经提交，只能修改跟进情况。</translation>
    </message>
    <message>
        <source>This record is no longer in the case file (it may have been deleted).</source>
        <translation>档案中已没有这条记录（可能已被删除）。</translation>
    </message>
    <message>
        <source>The child this record belongs to is not in the case file.</source>
        <translation>这条记录所属的儿童不在档案中。</translation>
    </message>
    <message>
        <source>A record could not be read: it appears damaged. Nothing was changed; ask the county centre for help.</source>
        <translation>有一条记录无法读取，可能已损坏。没有做任何改动，请联系县中心协助。</translation>
    </message>
    <message>
        <source>The computer could not read or write a file: {reason}</source>
        <translation>电脑无法读写文件：{reason}</translation>
    </message>
    <message>
        <source>Something went wrong. Your saved work is safe; the details are in the log file.</source>
        <translation>出了点问题。已保存的内容不受影响，详细情况已记入日志文件。</translation>
    </message>
</context>
<context>
    <name>ExportBox</name>
    <message>
        <source>Export the ledger (台账)</source>
        <translation>导出台账</translation>
    </message>
    <message>
        <source>An Excel workbook in the township&apos;s layout: a summary sheet (children per category and village) and one sheet per category. ID numbers are masked (330523********123X) unless you choose to show them in full; a ledger with masked ID numbers cannot be imported again.</source>
        <translation>按乡镇台账格式导出的 Excel 工作簿：一张汇总表（各村各类别儿童人数），每个类别一张工作表。身份证号码默认打码（330523********123X），除非选择显示完整号码；打码的台账不能再导入。</translation>
    </message>
    <message>
        <source>Show full ID numbers in the file (it then holds personal data)</source>
        <translation>在文件中显示完整身份证号码（文件将含个人信息）</translation>
    </message>
    <message>
        <source>Export the ledger to Excel…</source>
        <translation>导出台账（Excel）……</translation>
    </message>
    <message>
        <source>Save a blank ledger template…</source>
        <translation>保存空白台账模板……</translation>
    </message>
    <message>
        <source>Full ID numbers</source>
        <translation>完整身份证号码</translation>
    </message>
    <message>
        <source>The file will hold the full ID numbers of the children and their families: it is personal data, and it will be marked so. Keep it safe, do not send it on by WeChat or QQ, and delete it when it is no longer needed. Export with full ID numbers?</source>
        <translation>文件将包含儿童及其家人的完整身份证号码，属于个人信息，文件会标明“含个人信息”。请妥善保管，不要通过微信、QQ 等转发，用完请及时删除。确定导出完整身份证号码吗？</translation>
    </message>
    <message>
        <source>Save the ledger</source>
        <translation>保存台账</translation>
    </message>
    <message>
        <source>ledger {date}.xlsx</source>
        <translation>台账 {date}.xlsx</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the ledger…</source>
        <translation>正在生成台账……</translation>
    </message>
    <message>
        <source>{count} children exported to {path}.</source>
        <translation>已导出 {count} 名儿童到 {path}。</translation>
    </message>
    <message>
        <source>This file holds full ID numbers (personal data) and is marked so: keep it safe.</source>
        <translation>此文件含完整身份证号码（个人信息），已在文件中标明，请妥善保管。</translation>
    </message>
    <message>
        <source>ID numbers are masked.</source>
        <translation>身份证号码已打码。</translation>
    </message>
    <message>
        <source>Save the blank ledger template</source>
        <translation>保存空白台账模板</translation>
    </message>
    <message>
        <source>ledger template.xlsx</source>
        <translation>台账模板.xlsx</translation>
    </message>
    <message>
        <source>Writing the template…</source>
        <translation>正在生成模板……</translation>
    </message>
    <message>
        <source>The blank template is saved: {path}</source>
        <translation>空白模板已保存：{path}</translation>
    </message>
</context>
<context>
    <name>FigureListDialog</name>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>Visited in the month</source>
        <translation>本月是否已走访</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Set up the case file on this computer</source>
        <translation>在本机建立档案库</translation>
    </message>
    <message>
        <source>Welcome. This computer has no case file yet. Everything you type is kept encrypted on this computer, locked by a passphrase that only you know.</source>
        <translation>欢迎使用。本机还没有档案库。录入的所有信息都加密保存在本机，只有用您设置的密码才能打开。</translation>
    </message>
    <message>
        <source>Start offline</source>
        <translation>先在本机使用（离线）</translation>
    </message>
    <message>
        <source>Work on this computer only. You can join the county server later.</source>
        <translation>只在本机使用，以后可以再加入县级服务器。</translation>
    </message>
    <message>
        <source>Join the county</source>
        <translation>加入县级服务器</translation>
    </message>
    <message>
        <source>Use the server address and the enrolment code from the county centre; your records then go up to the county when you sync.</source>
        <translation>填写县中心提供的服务器地址和登记码；同步时档案会上传到县里。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>12 digits, e.g. 330523101001</source>
        <translation>12 位数字，例如 330523101001</translation>
    </message>
    <message>
        <source>e.g. 李主任</source>
        <translation>例如：李主任</translation>
    </message>
    <message>
        <source>Shown as the visitor and as who changed a record (走访人, 修改人).</source>
        <translation>显示为走访人和修改人。</translation>
    </message>
    <message>
        <source>e.g. 古城村 (shown instead of the code)</source>
        <translation>如 古城村（代替代码显示）</translation>
    </message>
    <message>
        <source>Create the case file</source>
        <translation>建立档案库</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Village code</source>
        <translation>村（社区）代码</translation>
    </message>
    <message>
        <source>Village name</source>
        <translation>村（社区）名称</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Only if the county centre gave you one</source>
        <translation>仅在县中心提供了证书文件时填写</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>登记码</translation>
    </message>
    <message>
        <source>County CA file</source>
        <translation>县级证书文件</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>证书文件 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The village code has 6 to 12 digits (12 for a village).</source>
        <translation>村（社区）代码应为 6 到 12 位数字（村为 12 位）。</translation>
    </message>
    <message>
        <source>Type your name: it is shown as the visitor and as who changed a record.</source>
        <translation>请填写您的姓名：它将显示为走访人和修改人。</translation>
    </message>
    <message>
        <source>The server address starts with https://</source>
        <translation>服务器地址应以 https:// 开头</translation>
    </message>
    <message>
        <source>The CA file was not found: {path}</source>
        <translation>找不到证书文件：{path}</translation>
    </message>
    <message>
        <source>Type the enrolment code from the county centre.</source>
        <translation>请填写县中心提供的登记码。</translation>
    </message>
    <message>
        <source>Creating the encrypted case file…</source>
        <translation>正在建立加密档案库…</translation>
    </message>
    <message>
        <source>Contacting the county server…</source>
        <translation>正在联系县级服务器…</translation>
    </message>
    <message>
        <source>The county server did not accept this enrolment code: it may be mistyped, already used or expired (a code lasts 72 hours). Check it, or ask the county centre for a new one.</source>
        <translation>县级服务器没有接受这个登记码：可能是输错了、已经用过或已过期（登记码有效期 72 小时）。请核对，或向县中心重新申请。</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>修改的项目</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>How pressing</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>要做的事</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>{date} ({days} days ago)</source>
        <translation>{date}（{days} 天前）</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <source>{date} (in {days} days)</source>
        <translation>{date}（{days} 天后）</translation>
    </message>
    <message>
        <source>Today&apos;s work</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Go to Sync</source>
        <translation>去同步页</translation>
    </message>
    <message>
        <source>Nothing is due today or this week. Well done.</source>
        <translation>今天和本周没有要办的事。</translation>
    </message>
    <message>
        <source>Double-click an item, or select it and press Enter, to open it.</source>
        <translation>双击某一项（或选中后按回车）即可打开。</translation>
    </message>
    <message>
        <source>Everything on the to-do list</source>
        <translation>查看全部待办</translation>
    </message>
    <message>
        <source>Looking for what needs doing…</source>
        <translation>正在查找要办的事……</translation>
    </message>
    <message>
        <source>{urgent} urgent, {soon} for this week, {info} for information; {later} more later on the to-do list.</source>
        <translation>紧急 {urgent} 项，本周要办 {soon} 项，知悉 {info} 项；以后要办的 {later} 项在“待办”页。</translation>
    </message>
</context>
<context>
    <name>IdNumberEdit</name>
    <message>
        <source>Show and edit</source>
        <translation>显示并修改</translation>
    </message>
</context>
<context>
    <name>ImportBox</name>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Why it was not imported</source>
        <translation>未导入的原因</translation>
    </message>
    <message>
        <source>Import a ledger</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <source>The village&apos;s own ledger as it is (Excel or WPS .xlsx, .xls, .csv): title rows, two-row headers, merged cells and totals need no editing. You see the columns it found and a preview of every row, with each child&apos;s category by the county&apos;s rules, before anything is written. A child already on file (same ID number) is updated only where you tick it, never added twice.</source>
        <translation>村里原来的台账直接导入（Excel 或 WPS 的 .xlsx、.xls、.csv）：标题行、两行表头、合并单元格和合计行都不用改。写入之前，先显示认出的列对应和每一行的预览，并按县里规则列出每个儿童的类别。档案中已有的儿童（身份证号码相同）只在勾选后更新，不会重复导入。</translation>
    </message>
    <message>
        <source>Import a ledger (.xlsx, .xls or .csv)…</source>
        <translation>导入台账（.xlsx、.xls 或 .csv）…</translation>
    </message>
    <message>
        <source>Import the other rows now, without the rows listed</source>
        <translation>跳过下列有问题的行，现在导入其他行</translation>
    </message>
    <message>
        <source>Ledger to import</source>
        <translation>选择要导入的台账</translation>
    </message>
    <message>
        <source>Ledger (*.xlsx *.xls *.csv);;All files (*)</source>
        <translation>台账 (*.xlsx *.xls *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading and checking every row of {name}…</source>
        <translation>正在读取并检查 {name} 的每一行……</translation>
    </message>
    <message>
        <source>The file holds no children&apos;s rows.</source>
        <translation>文件中没有儿童的行。</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>没有导入任何内容。</translation>
    </message>
    <message>
        <source>Writing the children&apos;s files…</source>
        <translation>正在写入儿童档案…</translation>
    </message>
    <message>
        <source>Checked {done} of {total} rows…</source>
        <translation>已检查 {done} 行，共 {total} 行…</translation>
    </message>
    <message>
        <source>Writing the children&apos;s files… {percent}%</source>
        <translation>正在写入儿童档案… {percent}%</translation>
    </message>
    <message>
        <source>Nothing was imported: {bad} rows have problems (listed below). Correct them in the file and import it again, or import the other rows now without them.</source>
        <translation>没有导入任何记录：有 {bad} 行有问题（见下表）。请在文件中改正后重新导入，或跳过这些行，现在导入其他行。</translation>
    </message>
    <message>
        <source>{added} children added (with {members} family members); {bad} rows not imported.</source>
        <translation>新增 {added} 名儿童（及 {members} 名家庭成员）；{bad} 行未导入。</translation>
    </message>
    <message>
        <source>{updated} children updated.</source>
        <translation>已更新 {updated} 名儿童。</translation>
    </message>
    <message>
        <source>The rows not imported are listed below.</source>
        <translation>未导入的行见下表。</translation>
    </message>
    <message>
        <source>Columns kept in the children&apos;s notes: {columns}</source>
        <translation>以下列的内容记入了儿童备注：{columns}</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <source>Bring in a ledger: {name}</source>
        <translation>导入台账：{name}</translation>
    </message>
    <message>
        <source>1. Columns</source>
        <translation>1. 列对应</translation>
    </message>
    <message>
        <source>2. Preview</source>
        <translation>2. 预览</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import the others</source>
        <translation>导入其余各行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Each column of the file and the field it fills. Change any of them, or choose “not imported”; columns no field knows are kept in the notes. The choice is remembered for ledgers of this layout.</source>
        <translation>左边是文件中的各列，右边是它们要导入的字段。可以改选任何一列，或选“不导入”；认不出的列会记入备注。所选的对应关系会记住，下次导入同样格式的台账时直接使用。</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header in the file</source>
        <translation>文件中的列名</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>第一行的内容</translation>
    </message>
    <message>
        <source>Fills</source>
        <translation>导入到</translation>
    </message>
    <message>
        <source>Preview again with these columns</source>
        <translation>按这些对应重新预览</translation>
    </message>
    <message>
        <source>{new} new children, {update} to update, {unchanged} unchanged, {refused} rows with problems, {skipped} rows skipped; {disagree} rows where the ledger&apos;s category differs from the county&apos;s rules.</source>
        <translation>新增 {new} 名儿童，更新 {update} 名，无变化 {unchanged} 名，有问题的行 {refused} 行，跳过 {skipped} 行；台账类别与县里规则不一致的 {disagree} 行。</translation>
    </message>
    <message>
        <source>Skipped rows: {rows}</source>
        <translation>跳过的行：{rows}</translation>
    </message>
    <message>
        <source>{count} cells far right of the table were left out.</source>
        <translation>表格右侧很远处的 {count} 个单元格未读取。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Categories by the rules</source>
        <translation>按规则的类别</translation>
    </message>
    <message>
        <source>Ledger&apos;s category</source>
        <translation>台账中的类别</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Opening date of the {count} new children whose row gives none:</source>
        <translation>台账中未填建档日期的 {count} 名新建儿童的建档日期：</translation>
    </message>
    <message>
        <source>Opening date of these {count} children (the ledger has no opening-date column):</source>
        <translation>这些儿童（{count} 名）的建档日期（台账没有建档日期列）：</translation>
    </message>
    <message>
        <source>Filled in with today&apos;s date: change it to the day their files were opened. Monthly reports count new files by it.</source>
        <translation>已预填今天的日期，请改为这些儿童实际建档的日期。月报按建档日期统计新建档案。</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>Has problems</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>InterventionsEditor</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>干预措施</translation>
    </message>
    <message>
        <source>Taken on</source>
        <translation>采取日期</translation>
    </message>
    <message>
        <source>By whom</source>
        <translation>实施单位或人员</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Add a step</source>
        <translation>添加干预措施</translation>
    </message>
</context>
<context>
    <name>KeyChild</name>
    <message>
        <source>seriously ill</source>
        <translation>患重病</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>有残疾</translation>
    </message>
    <message>
        <source>poorly guarded</source>
        <translation>监护情况较差</translation>
    </message>
    <message>
        <source>dropped out or out of school</source>
        <translation>失学辍学</translation>
    </message>
    <message>
        <source>no household registration</source>
        <translation>无户籍</translation>
    </message>
    <message>
        <source>Not a key child</source>
        <translation>不列为重点儿童</translation>
    </message>
    <message>
        <source>Why is this child not a key child? (kept in the file)</source>
        <translation>不列为重点儿童的理由（记入档案）：</translation>
    </message>
</context>
<context>
    <name>KeyChildSuggestion</name>
    <message>
        <source>Mark as a key child</source>
        <translation>列为重点儿童</translation>
    </message>
    <message>
        <source>Not a key child…</source>
        <translation>不列为重点儿童……</translation>
    </message>
    <message>
        <source>Suggested as a key child ({grounds}): visited more often and helped (work plan annex 3 item 4). Confirm, or say why not.</source>
        <translation>建议列为重点儿童（{grounds}）：应定期随访并协助提供关爱服务（工作方案附件3第4项）。请确认，或说明不列为重点儿童的理由。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>LaterPage</name>
    <message>
        <source>This part of the window arrives in a later version. Until then the support staff can do it with the childdesk command.</source>
        <translation>这部分功能将在后续版本中提供。在此之前，可由技术支持人员用 childdesk 命令行工具办理。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Child files (一人一档)</source>
        <translation>儿童档案（一人一档）</translation>
    </message>
    <message>
        <source>Lock the case file (Ctrl+L)</source>
        <translation>锁定档案库（Ctrl+L）</translation>
    </message>
    <message>
        <source>Today&apos;s work</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>儿童档案</translation>
    </message>
    <message>
        <source>To-do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Visits due and overdue, expiring papers, birthdays that matter.</source>
        <translation>到期和逾期的走访、即将到期的证件和确认书、影响类别的生日。</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Counts by category and village, visits due and done.</source>
        <translation>按类别和村统计人数，应走访和已走访次数。</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Lock time, language, county server, passphrase.</source>
        <translation>自动锁定时间、语言、县级服务器、密码。</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>督导</translation>
    </message>
    <message>
        <source>The villages of the township, for the township supervisor.</source>
        <translation>供乡镇儿童督导员查看本乡镇各村情况。</translation>
    </message>
    <message>
        <source>Ledger and reports</source>
        <translation>台账与报表</translation>
    </message>
    <message>
        <source>The township ledger in Excel, its template, the monthly report.</source>
        <translation>乡镇台账（Excel）、台账模板和工作月报。</translation>
    </message>
    <message>
        <source>{title} ({count})</source>
        <translation>{title}（{count}）</translation>
    </message>
    <message>
        <source>Mandatory reports</source>
        <translation>强制报告</translation>
    </message>
    <message>
        <source>Mandatory reports to the police and their follow-up.</source>
        <translation>向公安机关的强制报告及后续跟进。</translation>
    </message>
    <message>
        <source>{title} (later)</source>
        <translation>{title}（后续版本）</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>立即锁定</translation>
    </message>
    <message>
        <source>The case file is locked. Type the passphrase to go on.</source>
        <translation>档案库已锁定，请输入密码继续。</translation>
    </message>
</context>
<context>
    <name>MonthlyReportBox</name>
    <message>
        <source>Monthly work report for the township</source>
        <translation>乡镇工作月报</translation>
    </message>
    <message>
        <source>Home visits due and done, new and closed cases, mandatory reports, referrals and the children whose category changes next month. It names children: keep the files safe.</source>
        <translation>应走访和已走访、新建和结案、强制报告、转介，以及下月类别将变化的儿童。月报含儿童姓名，请妥善保管文件。</translation>
    </message>
    <message>
        <source>PDF (to print)</source>
        <translation>PDF（用于打印）</translation>
    </message>
    <message>
        <source>Excel (.xlsx, every list in full)</source>
        <translation>Excel（.xlsx，名单完整）</translation>
    </message>
    <message>
        <source>Make the monthly report…</source>
        <translation>生成月报……</translation>
    </message>
    <message>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>monthly report {month}</source>
        <translation>月报 {month}</translation>
    </message>
    <message>
        <source>Save the monthly report (it names children: keep it safe)</source>
        <translation>保存月报（含儿童姓名，请妥善保管）</translation>
    </message>
    <message>
        <source>Making the monthly report…</source>
        <translation>正在生成月报……</translation>
    </message>
    <message>
        <source>The monthly report for {month} is saved: {paths}</source>
        <translation>{month} 月报已保存：{paths}</translation>
    </message>
</context>
<context>
    <name>MoveDialog</name>
    <message>
        <source>Move to another village</source>
        <translation>迁往其他村</translation>
    </message>
    <message>
        <source>Move {name}&apos;s file to another village of the county. The county server hands the file, with all its records (family, visits, entrustments, mandatory reports, referrals, assessments, supervision notes), to that village&apos;s child director.</source>
        <translation>把{name}的档案迁往本县的另一个村（社区）。县级服务器会把档案连同全部记录（家庭成员、走访、委托监护确认书、强制报告、转介、评估、督导意见）移交给该村的儿童主任。</translation>
    </message>
    <message>
        <source>Type a village or township name</source>
        <translation>输入村（社区）或乡镇（街道）名称查找</translation>
    </message>
    <message>
        <source>The county&apos;s directory on this computer has no other village. Sync first, or ask the county centre.</source>
        <translation>本机保存的县村（社区）名录中没有其他村。请先同步，或联系县中心。</translation>
    </message>
    <message>
        <source>After the next sync this file leaves this computer: the village keeps nothing personal of it. Until then the request can be taken back.</source>
        <translation>下次同步后，本档案将从本机移除，本村不再保留其中任何个人信息。同步前可以撤销申请。</translation>
    </message>
    <message>
        <source>Ask the county to move it</source>
        <translation>申请迁移</translation>
    </message>
</context>
<context>
    <name>PassphraseFields</name>
    <message>
        <source>Passphrase</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>密码强度</translation>
    </message>
    <message>
        <source>Type it again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Very weak: easily guessed</source>
        <translation>很弱：很容易被猜到</translation>
    </message>
    <message>
        <source>Weak: easily guessed</source>
        <translation>弱：容易被猜到</translation>
    </message>
    <message>
        <source>Not strong enough yet</source>
        <translation>还不够强</translation>
    </message>
    <message>
        <source>too short (at least {count} characters)</source>
        <translation>太短（至少 {count} 个字符）</translation>
    </message>
    <message>
        <source>digits only</source>
        <translation>只有数字</translation>
    </message>
    <message>
        <source>it holds the village&apos;s name or code</source>
        <translation>含有本村名称或代码</translation>
    </message>
    <message>
        <source>it is a common password</source>
        <translation>是常见密码</translation>
    </message>
    <message>
        <source>it is a common pinyin word, name or number code (woaini, zhangsan, 1314)</source>
        <translation>是常用拼音词、姓名或数字谐音（如 woaini、zhangsan、1314）</translation>
    </message>
    <message>
        <source>it is made of common English words or names</source>
        <translation>由常用英文单词或名字组成</translation>
    </message>
    <message>
        <source>it holds a phone or ID number</source>
        <translation>含有手机号或身份证号</translation>
    </message>
    <message>
        <source>it holds a date or a year</source>
        <translation>含有日期或年份</translation>
    </message>
    <message>
        <source>it follows the keyboard (qwerty, 1qaz2wsx)</source>
        <translation>是键盘上相邻的键（如 qwerty、1qaz2wsx）</translation>
    </message>
    <message>
        <source>it repeats (aaaa, abcabc)</source>
        <translation>有重复（如 aaaa、abcabc）</translation>
    </message>
    <message>
        <source>it is a sequence (12345, abcde)</source>
        <translation>是顺序字符（如 12345、abcde）</translation>
    </message>
    <message>
        <source>it is too simple to resist guessing</source>
        <translation>太简单，容易被猜到</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>This passphrase is too easy to guess: {reasons}. Use a few unrelated words with digits, at least {count} characters, for example {example} (make up your own; do not copy this one).</source>
        <translation>这个密码太容易被猜到：{reasons}。请用几个互不相关的词加数字，至少 {count} 个字符，例如 {example}（请自己想一个，不要照抄）。</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>较强</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>强</translation>
    </message>
    <message>
        <source>The two passphrases are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>PlanItemsEditor</name>
    <message>
        <source>(not set)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>What</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>完成期限</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Done on</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <source>Add a plan item</source>
        <translation>添加帮扶事项</translation>
    </message>
</context>
<context>
    <name>PrintButton</name>
    <message>
        <source>Print…</source>
        <translation>打印……</translation>
    </message>
    <message>
        <source>One-page file of the child (PDF)…</source>
        <translation>一人一档（PDF）……</translation>
    </message>
    <message>
        <source>Entrustment confirmation for signing (PDF)…</source>
        <translation>委托监护确认书，供签字（PDF）……</translation>
    </message>
    <message>
        <source>Save the PDF (it holds personal data: keep it safe)</source>
        <translation>保存 PDF（含个人信息，请妥善保管）</translation>
    </message>
    <message>
        <source>file.pdf</source>
        <translation>一人一档.pdf</translation>
    </message>
    <message>
        <source>entrustment.pdf</source>
        <translation>委托监护确认书.pdf</translation>
    </message>
    <message>
        <source>The PDF is saved: {path}</source>
        <translation>PDF 已保存：{path}</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>(not set)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, e.g. 2015-03-08</source>
        <translation>年-月-日，例如 2015-03-08</translation>
    </message>
    <message>
        <source>YYYY-MM-DD HH:MM, e.g. 2026-03-08 14:30</source>
        <translation>年-月-日 时:分，例如 2026-03-08 14:30</translation>
    </message>
</context>
<context>
    <name>RecordsPanel</name>
    <message>
        <source>{done} of {total} done</source>
        <translation>已完成 {done}/{total} 项</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save or discard the changes in the form before choosing another.</source>
        <translation>请先保存或放弃表单中的修改，再选择其他记录。</translation>
    </message>
    <message>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请改正标红的项目。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>未保存。</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>About the child (fill in what is known; change it later)</source>
        <translation>儿童情况（知道多少填多少，以后可以修改）</translation>
    </message>
    <message>
        <source>The report</source>
        <translation>报告内容</translation>
    </message>
    <message>
        <source>Work plan §二(六)1: report to the police at once (第一时间). More than 24 hours after the child was found is not at once.</source>
        <translation>工作方案二（六）1：发现后要在第一时间向公安机关报告。发现后超过 24 小时报告的，不属于第一时间报告。</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>File the report</source>
        <translation>确认已报告</translation>
    </message>
    <message>
        <source>Save follow-up</source>
        <translation>保存跟进情况</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Refer…</source>
        <translation>转介…</translation>
    </message>
    <message>
        <source>Refer the child to a department for help (转介帮扶, “一门受理、协同救助”, work plan §二(五)): opens the child&apos;s file on a new referral.</source>
        <translation>将儿童转介给相关部门帮扶（转介帮扶，“一门受理、协同救助”，工作方案二（五））：在儿童档案中新建一条转介记录。</translation>
    </message>
    <message>
        <source>Name not known</source>
        <translation>姓名不详</translation>
    </message>
    <message>
        <source>Opening the report…</source>
        <translation>正在打开报告…</translation>
    </message>
    <message>
        <source>Your unsaved changes from before the lock are back.</source>
        <translation>锁定前未保存的修改已恢复。</translation>
    </message>
    <message>
        <source>Mandatory report: a child not on file yet</source>
        <translation>强制报告：尚未建档的儿童</translation>
    </message>
    <message>
        <source>Mandatory report: {name}</source>
        <translation>强制报告：{name}</translation>
    </message>
    <message>
        <source>This report has been filed with the police. It can no longer be changed; only its follow-up can be written.</source>
        <translation>此报告已向公安机关报告，不能再修改，只能填写跟进情况。</translation>
    </message>
    <message>
        <source>Report to the police (110 or the local police station) at once, then write down here when and to whom you reported.</source>
        <translation>请立即向公安机关报告（拨打110或到当地派出所），然后在这里登记报告的时间和派出所。</translation>
    </message>
    <message>
        <source>Reported {hours} h {minutes} min after the child was found.</source>
        <translation>发现后 {hours} 小时 {minutes} 分钟报告。</translation>
    </message>
    <message>
        <source>Not at once: the work plan (§二(六)1) asks for a report to the police at once (第一时间); write down why in the description.</source>
        <translation>未在第一时间报告：工作方案（二（六）1）要求发现后第一时间向公安机关报告，请在情况描述中写明原因。</translation>
    </message>
    <message>
        <source>After the mandatory report ({trigger}): </source>
        <translation>强制报告（{trigger}）后：</translation>
    </message>
    <message>
        <source>Not filed: please fill in the fields marked in red first.</source>
        <translation>未提交：请先填写标红的项目。</translation>
    </message>
    <message>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请改正标红的项目。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>未保存。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Draft, not filed yet</source>
        <translation>草稿，尚未报告</translation>
    </message>
    <message>
        <source>Filed, closed</source>
        <translation>已报告，已结案</translation>
    </message>
    <message>
        <source>Filed, following up</source>
        <translation>已报告，跟进中</translation>
    </message>
    <message>
        <source>Filed, open</source>
        <translation>已报告，未结案</translation>
    </message>
    <message>
        <source>Found at</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>报告情形</translation>
    </message>
    <message>
        <source>Police station</source>
        <translation>派出所</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Only reports not closed</source>
        <translation>只看未结案的报告</translation>
    </message>
    <message>
        <source>Report a child not on file…</source>
        <translation>为尚未建档的儿童报告…</translation>
    </message>
    <message>
        <source>To report about a child already on file, open the child&apos;s file or pick the child in the children list and press “Mandatory report”.</source>
        <translation>为已建档的儿童报告：打开该儿童的档案，或在儿童档案列表中选中该儿童，再点“强制报告”。</translation>
    </message>
    <message>
        <source>Reading the reports…</source>
        <translation>正在读取报告…</translation>
    </message>
    <message>
        <source>{total} reports, {open} not closed</source>
        <translation>共 {total} 份报告，{open} 份未结案</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Small</source>
        <translation>小</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>大</translation>
    </message>
    <message>
        <source>Lock the window after no use for</source>
        <translation>无人使用多久后自动锁定</translation>
    </message>
    <message>
        <source>Language (after restarting the program)</source>
        <translation>界面语言（重新启动程序后生效）</translation>
    </message>
    <message>
        <source>Size of the text</source>
        <translation>文字大小</translation>
    </message>
    <message>
        <source>Saved: the text has its new size.</source>
        <translation>已保存：文字已换成新的大小。</translation>
    </message>
    <message>
        <source>County server</source>
        <translation>县级服务器</translation>
    </message>
    <message>
        <source>Only if the county centre gave you one</source>
        <translation>仅在县中心提供了证书文件时填写</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Save the server settings</source>
        <translation>保存服务器设置</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>County CA file</source>
        <translation>县级证书文件</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>现在的密码</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Saved: the window locks after {n} minutes without use.</source>
        <translation>已保存：{n} 分钟无人使用后自动锁定。</translation>
    </message>
    <message>
        <source>Saved: the language changes the next time the program starts.</source>
        <translation>已保存：下次启动程序时更换界面语言。</translation>
    </message>
    <message>
        <source>This computer works offline. To join the county server, ask the county centre for an enrolment code.</source>
        <translation>本机目前离线使用。如需加入县级服务器，请向县中心申请登记码。</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt)</source>
        <translation>证书文件 (*.pem *.crt)</translation>
    </message>
    <message>
        <source>Saved. The next sync uses this server.</source>
        <translation>已保存。下次同步将使用这个服务器。</translation>
    </message>
    <message>
        <source>Type the current passphrase first.</source>
        <translation>请先输入现在的密码。</translation>
    </message>
    <message>
        <source>Changing the passphrase… this takes a few seconds; you can keep working.</source>
        <translation>正在修改密码…需要几秒钟，您可以继续工作。</translation>
    </message>
    <message>
        <source>The passphrase is changed. Use the new one from now on.</source>
        <translation>密码已修改，今后请使用新密码。</translation>
    </message>
</context>
<context>
    <name>SituationsEditor</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>Grade {n}</source>
        <translation>{n}级</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Situation</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Disability category</source>
        <translation>残疾类别</translation>
    </message>
    <message>
        <source>Disability grade</source>
        <translation>残疾等级</translation>
    </message>
    <message>
        <source>Add a situation</source>
        <translation>添加一种情况</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>儿童人数</translation>
    </message>
    <message>
        <source>Children on file</source>
        <translation>建档儿童</translation>
    </message>
    <message>
        <source>In a category</source>
        <translation>属于保障类别</translation>
    </message>
    <message>
        <source>Visit overdue</source>
        <translation>走访已逾期</translation>
    </message>
    <message>
        <source>Due a visit</source>
        <translation>应走访</translation>
    </message>
    <message>
        <source>Of those, visited</source>
        <translation>其中已走访</translation>
    </message>
    <message>
        <source>Visits recorded</source>
        <translation>走访记录数</translation>
    </message>
    <message>
        <source>Click a bar to see the children it counts.</source>
        <translation>点击条形可查看其中统计的儿童。</translation>
    </message>
    <message>
        <source>Children by category</source>
        <translation>按类别统计儿童</translation>
    </message>
    <message>
        <source>Children by village</source>
        <translation>按村（社区）统计儿童</translation>
    </message>
    <message>
        <source>Home visits month by month (click a bar for its list)</source>
        <translation>每月走访情况（点击条形查看名单）</translation>
    </message>
    <message>
        <source>Children in difficulty: {count} (a child in several categories counted once).</source>
        <translation>困境儿童 {count} 人（一名儿童属于多个类别只计一次）。</translation>
    </message>
    <message>
        <source>{figure}, {month}</source>
        <translation>{figure}，{month}</translation>
    </message>
    <message>
        <source>Counted as the monthly report counts them: by the dates of the visits and the files, categories as of {day}. Double-click a child to open the file.</source>
        <translation>与月报的统计口径相同：按走访日期和建档日期统计，类别按 {day} 当日判断。双击儿童可打开其档案。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>{children} children on file, {in_categories} in a category, {overdue} with a visit overdue.</source>
        <translation>档案中共 {children} 名儿童，{in_categories} 名属于保障类别，{overdue} 名走访已逾期。</translation>
    </message>
</context>
<context>
    <name>SupervisionListDialog</name>
    <message>
        <source>Child or task</source>
        <translation>儿童或督办事项</translation>
    </message>
    <message>
        <source>What</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>SupervisionPage</name>
    <message>
        <source>Village</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>填写日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>督导意见</translation>
    </message>
    <message>
        <source>Task due</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>{user}: never synced</source>
        <translation>{user}：从未同步</translation>
    </message>
    <message>
        <source>{user}: no sync for {days} days</source>
        <translation>{user}：{days} 天未同步</translation>
    </message>
    <message>
        <source>{user} {when}</source>
        <translation>{user} {when}</translation>
    </message>
    <message>
        <source>after the next sync</source>
        <translation>下次同步后显示</translation>
    </message>
    <message>
        <source>no laptop enrolled</source>
        <translation>没有登记的电脑</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>{user} (computer {computer}): last sync {when}</source>
        <translation>{user}（电脑 {computer}）：最近同步 {when}</translation>
    </message>
    <message>
        <source>The county tells this laptop when each village laptop last synced at this laptop&apos;s next sync.</source>
        <translation>本机下次同步时，县级服务器会告知各村电脑的最近同步时间。</translation>
    </message>
    <message>
        <source>As the county server told this laptop at its last sync ({when}). A laptop not synced for more than {days} days is shown in red.</source>
        <translation>以上为本机最近一次同步（{when}）时县级服务器告知的情况。超过 {days} 天未同步的电脑以红色显示。</translation>
    </message>
    <message>
        <source>Choose a village to see and write its notes.</source>
        <translation>选择一个村（社区），查看或填写督导意见。</translation>
    </message>
    <message>
        <source>Add the supervision note</source>
        <translation>保存督导意见</translation>
    </message>
    <message>
        <source>Children
on file</source>
        <translation>在册
儿童</translation>
    </message>
    <message>
        <source>Left
behind</source>
        <translation>留守
儿童</translation>
    </message>
    <message>
        <source>In
difficulty</source>
        <translation>困境
儿童</translation>
    </message>
    <message>
        <source>Other
categories</source>
        <translation>其他
类别</translation>
    </message>
    <message>
        <source>Visits
overdue</source>
        <translation>走访
逾期</translation>
    </message>
    <message>
        <source>No valid
entrustment</source>
        <translation>无有效
委托书</translation>
    </message>
    <message>
        <source>Open
reports</source>
        <translation>强制报告
未结</translation>
    </message>
    <message>
        <source>Open
referrals</source>
        <translation>转介
未结</translation>
    </message>
    <message>
        <source>Tasks done /
open / overdue</source>
        <translation>督办事项
已办/未办/逾期</translation>
    </message>
    <message>
        <source>Data
problems</source>
        <translation>数据
问题</translation>
    </message>
    <message>
        <source>Children whose files are open (closed files are in the archive).</source>
        <translation>在册儿童（已退出/结案的档案在档案库中，不计入）。</translation>
    </message>
    <message>
        <source>Left-behind children (work plan §二(一)1).</source>
        <translation>农村留守儿童（工作方案二（一）1）。</translation>
    </message>
    <message>
        <source>Children in difficulty (work plan §二(一)2–6).</source>
        <translation>困境儿童（工作方案二（一）2—6）。</translation>
    </message>
    <message>
        <source>Children involved with the justice system or needing temporary custody.</source>
        <translation>涉法涉诉或需临时监护的儿童。</translation>
    </message>
    <message>
        <source>Children whose next visit is past its day.</source>
        <translation>下次走访已过期限的儿童。</translation>
    </message>
    <message>
        <source>Left-behind children with no signed entrustment confirmation in force (work plan annex 3 item 3: the director helps the guardians sign one).</source>
        <translation>没有已签订且在有效期内的委托监护确认书的留守儿童（工作方案附件3第3项：儿童主任指导监护人签订）。</translation>
    </message>
    <message>
        <source>Mandatory reports not closed, drafts included.</source>
        <translation>尚未结案的强制报告（含草稿）。</translation>
    </message>
    <message>
        <source>Referrals not yet answered or still in progress.</source>
        <translation>尚未受理或仍在办理的转介。</translation>
    </message>
    <message>
        <source>Tasks in the township&apos;s notes: done (with the village&apos;s reply), open, and past their day.</source>
        <translation>督导意见中的督办事项：已办结（附村里的办理情况）、未办结、已逾期。</translation>
    </message>
    <message>
        <source>Files the rules cannot judge (facts that contradict each other), children without an ID number, and 低保 certificates without their validity date.</source>
        <translation>规则无法判断类别的档案（信息相互矛盾）、没有身份证号码的儿童、没有有效期的低保救助证。</translation>
    </message>
    <message>
        <source>Laptops&apos;
last sync</source>
        <translation>各电脑
最近同步</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>督办事项</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>办理情况</translation>
    </message>
    <message>
        <source>Double-click a number to see the children or tasks behind it.</source>
        <translation>双击数字可查看对应的儿童或督办事项。</translation>
    </message>
    <message>
        <source>Mark the task done…</source>
        <translation>标记办结…</translation>
    </message>
    <message>
        <source>Tell the township supervisor that what this note asked for is done, with a short reply.</source>
        <translation>告诉乡镇督导员这条意见要求的事已办结，并简要说明办理情况。</translation>
    </message>
    <message>
        <source>Reading the township&apos;s villages…</source>
        <translation>正在读取本乡镇各村情况…</translation>
    </message>
    <message>
        <source>{township}: {count} villages</source>
        <translation>{township}：共 {count} 个村（社区）</translation>
    </message>
    <message>
        <source>The township supervisor&apos;s notes to this village</source>
        <translation>乡镇督导员给本村的督导意见</translation>
    </message>
    <message>
        <source>{village}: {figure}</source>
        <translation>{village}：{figure}</translation>
    </message>
    <message>
        <source>Supervision notes for {village}</source>
        <translation>{village}的督导意见</translation>
    </message>
    <message>
        <source>Not saved: please correct the fields marked in red.</source>
        <translation>未保存：请改正标红的项目。</translation>
    </message>
    <message>
        <source>Note saved; it goes to the village at the next sync.</source>
        <translation>意见已保存，下次同步时送达该村。</translation>
    </message>
    <message>
        <source>Marked done; the supervisor sees it after the next sync.</source>
        <translation>已标记为完成，下次同步后督导员就能看到。</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>未保存。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>自动合并</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>How it went</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>{count} children&apos;s files moved to another village and left this computer; nothing personal of them stays here.</source>
        <translation>{count} 份儿童档案已迁往其他村，已从本机移除，本机不再保留其中任何个人信息。</translation>
    </message>
    <message>
        <source>{count} changes made here to them went with them (the county keeps what it refused after the move in the file&apos;s history).</source>
        <translation>本机对这些档案的 {count} 项修改随档案一并移除（迁出后所做、县里未采用的修改已留存在档案历史中）。</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Finished; {count} records sent back to the restored server</source>
        <translation>完成；已向从备份恢复的服务器重新发送 {count} 条记录</translation>
    </message>
    <message>
        <source>Did not finish</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>{words} ({tries} tries since {since})</source>
        <translation>{words}（自{since}起共尝试 {tries} 次）</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>儿童</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>修改次数</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>最早的修改时间</translation>
    </message>
    <message>
        <source>(no child)</source>
        <translation>（未关联儿童）</translation>
    </message>
    <message>
        <source>Sync with the county</source>
        <translation>与县里同步</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Double-click a record to open the child&apos;s file.</source>
        <translation>双击某条记录即可打开该儿童的档案。</translation>
    </message>
    <message>
        <source>Nothing waits to go up: the county has everything made here.</source>
        <translation>没有待上传的修改：本机录入的内容县里都已收到。</translation>
    </message>
    <message>
        <source>County server</source>
        <translation>县级服务器</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>Changes waiting to go up</source>
        <translation>待上传的修改</translation>
    </message>
    <message>
        <source>Conflicts to decide</source>
        <translation>待处理的冲突</translation>
    </message>
    <message>
        <source>Recent syncs</source>
        <translation>最近的同步</translation>
    </message>
    <message>
        <source>Waiting to go up</source>
        <translation>等待上传</translation>
    </message>
    <message>
        <source>Reading what waits to go up…</source>
        <translation>正在读取待上传的记录…</translation>
    </message>
    <message>
        <source>{server} (signed in as {user})</source>
        <translation>{server}（登记用户：{user}）</translation>
    </message>
    <message>
        <source>Not joined: this computer works offline. To send records to the county, ask the county centre for an enrolment code.</source>
        <translation>未加入县级服务器：本机离线使用。如需把档案报送县里，请向县中心申请登记码。</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>The county server was restored from a backup. Sending back: {done} of {total}</source>
        <translation>县级服务器已从备份恢复，正在把本机的记录重新发给服务器：{done} / {total}</translation>
    </message>
    <message>
        <source>Sending: {done} of {total}</source>
        <translation>正在上传：{done} / {total}</translation>
    </message>
    <message>
        <source>Receiving: {done}</source>
        <translation>正在下载：{done}</translation>
    </message>
    <message>
        <source>Sync finished: {pushed} sent, {pulled} received, {merged} merged, {conflicts} conflicts, {rejected} refused.</source>
        <translation>同步完成：上传 {pushed} 条，下载 {pulled} 条，自动合并 {merged} 条，冲突 {conflicts} 条，被拒绝 {rejected} 条。</translation>
    </message>
    <message>
        <source>The county server had been restored from a backup: this computer sent back the {count} records it holds, so nothing is lost.</source>
        <translation>县级服务器曾从备份恢复：本机已把保存的 {count} 条记录重新发给服务器，数据没有丢失。</translation>
    </message>
    <message>
        <source>Open the Conflicts page to decide which values to keep.</source>
        <translation>请打开“冲突”页面，决定保留哪个值。</translation>
    </message>
    <message>
        <source>Sync did not finish.</source>
        <translation>同步没有完成。</translation>
    </message>
</context>
<context>
    <name>SyncWords</name>
    <message>
        <source>today at {time}</source>
        <translation>今天 {time}</translation>
    </message>
    <message>
        <source>yesterday at {time}</source>
        <translation>昨天 {time}</translation>
    </message>
    <message>
        <source>{date} at {time}</source>
        <translation>{date} {time}</translation>
    </message>
    <message>
        <source>Syncing with the county… you can keep working.</source>
        <translation>正在与县里同步……可以继续工作。</translation>
    </message>
    <message>
        <source>This computer works on its own (not joined to the county); all is saved here.</source>
        <translation>本机单机使用（未加入县级服务器），所有内容都保存在本机。</translation>
    </message>
    <message>
        <source>Never synced with the county yet; {count} changes wait to go up.</source>
        <translation>本机还没有与县里同步过，{count} 条修改等待上传。</translation>
    </message>
    <message>
        <source>Offline for {days} days (last sync {when}): what the county changed since is not here yet.</source>
        <translation>已有 {days} 天没有联网同步（上次同步：{when}），县里此后的修改本机还没有收到。</translation>
    </message>
    <message>
        <source>Offline for {days} days (last sync {when}): the county does not see {count} changes made here.</source>
        <translation>已有 {days} 天没有联网同步（上次同步：{when}），本机的 {count} 条修改县里还看不到。</translation>
    </message>
    <message>
        <source>No connection to the county now; last sync {when}, {count} changes wait.</source>
        <translation>现在连不上县级服务器；上次同步：{when}，{count} 条修改等待上传。</translation>
    </message>
    <message>
        <source>Up to date with the county (last sync {when}).</source>
        <translation>已与县里同步（上次同步：{when}）。</translation>
    </message>
    <message>
        <source>Last sync {when}; {count} changes wait to go up.</source>
        <translation>上次同步：{when}，{count} 条修改等待上传。</translation>
    </message>
</context>
<context>
    <name>TaskReply</name>
    <message>
        <source>Mark the task done</source>
        <translation>标记办结</translation>
    </message>
    <message>
        <source>Task: {task}

What was done? (one short line for the township)</source>
        <translation>督办事项：{task}

办理情况（一句话，供乡镇督导员查看）：</translation>
    </message>
</context>
<context>
    <name>TodoPage</name>
    <message>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Entrustments and certificates</source>
        <translation>委托监护确认书和证件</translation>
    </message>
    <message>
        <source>Birthdays and category changes</source>
        <translation>生日和类别变化</translation>
    </message>
    <message>
        <source>Mandatory reports</source>
        <translation>强制报告</translation>
    </message>
    <message>
        <source>Assessments, help plans and referrals</source>
        <translation>评估帮扶与转介</translation>
    </message>
    <message>
        <source>Conflicts and refused records</source>
        <translation>冲突和被拒收的记录</translation>
    </message>
    <message>
        <source>Tasks from the township</source>
        <translation>乡镇督办事项</translation>
    </message>
    <message>
        <source>How pressing</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Nothing to do right now.</source>
        <translation>目前没有需要办理的事项。</translation>
    </message>
    <message>
        <source>Double-click an item to open the child&apos;s file.</source>
        <translation>双击一项即可打开该儿童的档案。</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Looking for what needs doing…</source>
        <translation>正在查找待办事项…</translation>
    </message>
    <message>
        <source>{total} things to do, {urgent} urgent</source>
        <translation>共 {total} 项待办，其中 {urgent} 项紧急</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock the case file</source>
        <translation>打开档案库</translation>
    </message>
    <message>
        <source>The case file was locked because nobody used the computer for a while. Type the passphrase to go on; unsaved edits are kept.</source>
        <translation>电脑一段时间无人操作，档案库已自动锁定。请输入密码继续；未保存的修改仍然保留。</translation>
    </message>
    <message>
        <source>Type the passphrase of this computer&apos;s case file.</source>
        <translation>请输入本机档案库的密码。</translation>
    </message>
    <message>
        <source>Demo: this case file holds made-up children only. Its passphrase is {passphrase}</source>
        <translation>演示：此档案库中只有虚构的儿童，密码是 {passphrase}</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Type the passphrase first.</source>
        <translation>请先输入密码。</translation>
    </message>
    <message>
        <source>Checking the passphrase…</source>
        <translation>正在核对密码…</translation>
    </message>
    <message>
        <source>Opening the case file…</source>
        <translation>正在打开档案库…</translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <source>Visit date</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>走访类型</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>走访人</translation>
    </message>
    <message>
        <source>Problems found</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <source>Next visit due</source>
        <translation>下次走访日期</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Whole record (deleted or kept)</source>
        <translation>整条记录（删除或保留）</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Move to another village asked for</source>
        <translation>申请迁往其他村</translation>
    </message>
    <message>
        <source>Move request taken back</source>
        <translation>撤销迁移申请</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
</TS>
