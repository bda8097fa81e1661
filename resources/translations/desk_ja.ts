<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Availability not stated</source>
        <translation>勤務可能日の記載なし</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Welcome to desk</source>
        <extracomment>What the first start on an empty database offers.</extracomment>
        <translation>desk へようこそ</translation>
    </message>
    <message>
        <source>This database is empty. Load demo data to look around, or import your postings and registrants?</source>
        <translation>データベースは空です。デモデータで操作を試しますか、それとも募集と登録者のファイルを取り込みますか？</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>デモデータの読み込み</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>ファイルを取り込む…</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>後で</translation>
    </message>
    <message>
        <source>The database could not be opened</source>
        <translation>データベースを開けませんでした</translation>
    </message>
    <message>
        <source>Ready in %1 s</source>
        <translation>%1 秒で起動しました</translation>
    </message>
</context>
<context>
    <name>BulkActions</name>
    <message>
        <source>Propose all</source>
        <translation>まとめて提案</translation>
    </message>
    <message>
        <source>Mark all contacted</source>
        <translation>まとめて連絡済にする</translation>
    </message>
    <message>
        <source>Sheet of these…</source>
        <translation>この人たちのシート…</translation>
    </message>
    <message>
        <source>%1 selected:</source>
        <translation>%1人を選択中:</translation>
    </message>
    <message>
        <source>%1 of %2 changed</source>
        <translation>%2人中 %1人を変更しました</translation>
    </message>
    <message>
        <source>Not all could be changed</source>
        <translation>変更できなかった人がいます</translation>
    </message>
    <message>
        <source>The change was not recorded</source>
        <translation>変更は記録されませんでした</translation>
    </message>
    <message>
        <source>Waiting for the database to record the change</source>
        <translation>データベースの応答待ち：変更の記録</translation>
    </message>
</context>
<context>
    <name>CallBar</name>
    <message>
        <source>Call:</source>
        <translation>通話：</translation>
    </message>
</context>
<context>
    <name>CallbacksDock</name>
    <message>
        <source>Call-backs due</source>
        <translation>折り返し予定</translation>
    </message>
    <message>
        <source>%1 call-backs due, oldest first</source>
        <translation>折り返し %1件（古い順）</translation>
    </message>
    <message>
        <source>No call-backs due.</source>
        <translation>期限の来た折り返しはありません。</translation>
    </message>
</context>
<context>
    <name>CallsController</name>
    <message>
        <source>Note…</source>
        <extracomment>Call outcomes with their one-key shortcuts, then the note. How often the call-backs list is read again (and a newly due one announced). Replaced in tests: run a dialog modally (True when accepted), ask a line of text.</extracomment>
        <translation>メモ…</translation>
    </message>
    <message>
        <source>Edit registrant…</source>
        <translation>登録者の編集…</translation>
    </message>
    <message>
        <source>Reminders for a day…</source>
        <translation>前日連絡シート…</translation>
    </message>
    <message>
        <source>&amp;Calls</source>
        <translation>通話(&amp;C)</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通話</translation>
    </message>
    <message>
        <source>Select a posting and a candidate first.</source>
        <translation>先に募集と候補者を選んでください。</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>記録できませんでした</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>折り返し</translation>
    </message>
    <message>
        <source>Call back at (YYYY-MM-DD HH:MM):</source>
        <translation>折り返しの日時（YYYY-MM-DD HH:MM）：</translation>
    </message>
    <message>
        <source>%1: expected YYYY-MM-DD HH:MM</source>
        <translation>%1：YYYY-MM-DD HH:MM の形で入力してください</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Note about %1:</source>
        <translation>%1 についてのメモ：</translation>
    </message>
    <message>
        <source>note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>%1: %2 recorded</source>
        <translation>%1：%2を記録しました</translation>
    </message>
    <message>
        <source>Call-back due: %1 %2 (%3)</source>
        <translation>折り返しの時間です：%1 %2（%3）</translation>
    </message>
    <message>
        <source>Waiting for the database: checking the placement</source>
        <translation>データベースの応答待ち：配置の確認</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>退会済み</translation>
    </message>
    <message>
        <source>%1 has withdrawn from the registry and cannot be placed.</source>
        <translation>%1 は退会済みのため配置できません。</translation>
    </message>
    <message>
        <source>Registrant %1 saved</source>
        <translation>登録者 %1 を保存しました</translation>
    </message>
    <message>
        <source>Reminders for %1: %2 people written to %3</source>
        <translation>%1 の前日連絡：%2名を %3 に書き出しました</translation>
    </message>
</context>
<context>
    <name>CallsModels</name>
    <message>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Posting</source>
        <translation>募集</translation>
    </message>
    <message>
        <source>Call / note</source>
        <translation>通話・メモ</translation>
    </message>
    <message>
        <source>By</source>
        <translation>担当</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Call back at</source>
        <translation>折り返し日時</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>変更内容</translation>
    </message>
</context>
<context>
    <name>CandidatesModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>スコア</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Placement</source>
        <translation>配置状況</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最終連絡</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Registrant ID</source>
        <translation>登録ID</translation>
    </message>
    <message>
        <source>Why excluded</source>
        <translation>除外理由</translation>
    </message>
</context>
<context>
    <name>CandidatesPane</name>
    <message>
        <source>Select a posting to see its candidates.</source>
        <translation>募集を選ぶと候補者が表示されます。</translation>
    </message>
    <message>
        <source>Filter candidates, e.g. 地域:横浜 名前:やまだ 科:内科 日:土 メモ:英語</source>
        <translation>候補者を絞り込み（例: 地域:横浜 名前:やまだ 科:内科 日:土 メモ:英語）</translation>
    </message>
    <message>
        <source>Words must all match. Prefixes narrow a word to one field: 地域: region, 名前: name or reading, 科: specialty, 職種: occupation, 日: date or weekday, メモ: notes.</source>
        <translation>入力した語すべてに一致するものを表示します。接頭語で項目を指定できます: 地域: 地域、名前: 氏名・フリガナ、科: 診療科、職種: 職種、日: 日付・曜日、メモ: 備考。</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Show excluded</source>
        <translation>除外者を表示</translation>
    </message>
    <message>
        <source>Region</source>
        <extracomment>&quot;絞り込み: …&quot; whenever the list is narrowed, so a leftover filter is never a surprise.</extracomment>
        <translation>地域</translation>
    </message>
    <message>
        <source>Name / reading</source>
        <translation>氏名・フリガナ</translation>
    </message>
    <message>
        <source>Specialty</source>
        <translation>診療科</translation>
    </message>
    <message>
        <source>Date / weekday</source>
        <translation>日付・曜日</translation>
    </message>
    <message>
        <source>Free text</source>
        <translation>自由入力</translation>
    </message>
    <message>
        <source>Actions:</source>
        <translation>操作:</translation>
    </message>
    <message>
        <source>Show excluded (%1)</source>
        <translation>除外者を表示（%1人）</translation>
    </message>
    <message>
        <source>%1 candidates</source>
        <translation>候補者 %1人</translation>
    </message>
    <message>
        <source>Show more (%1 more)</source>
        <translation>さらに表示（残り %1 人）</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>除外</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>No match (該当なし).</source>
        <translation>該当なし。</translation>
    </message>
    <message>
        <source>paused</source>
        <extracomment>Filter fields and the prefix each one writes into the query (desk.core.filters syntax). Why registrants are left out (desk.core.ranking.EXCLUSIONS), as counted above the excluded list.</extracomment>
        <translation>休止</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>退会</translation>
    </message>
    <message>
        <source>not qualified</source>
        <translation>資格が合わない</translation>
    </message>
    <message>
        <source>no matching day or time</source>
        <translation>日時が合わない</translation>
    </message>
    <message>
        <source>booked elsewhere</source>
        <translation>他で確定済み</translation>
    </message>
    <message>
        <source>Closest: %1</source>
        <translation>近い登録者: %1</translation>
    </message>
    <message>
        <source>No match (該当なし)</source>
        <translation>該当なし</translation>
    </message>
    <message>
        <source>Filtered: %1</source>
        <translation>絞り込み: %1</translation>
    </message>
</context>
<context>
    <name>ContactsView</name>
    <message>
        <source>Edit registrant…</source>
        <translation>登録者の編集…</translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Birth year</source>
        <translation>生年</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性別</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>職種</translation>
    </message>
    <message>
        <source>Licence number</source>
        <translation>免許番号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>Prefecture</source>
        <translation>都道府県</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市区町村</translation>
    </message>
    <message>
        <source>Specialty</source>
        <translation>診療科</translation>
    </message>
    <message>
        <source>Registered on</source>
        <translation>登録日</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>Score</source>
        <extracomment>Fields a merge does not choose (they stay with each record): shown, not pickable.</extracomment>
        <translation>スコア</translation>
    </message>
    <message>
        <source>Record A</source>
        <translation>記録A</translation>
    </message>
    <message>
        <source>Record B</source>
        <translation>記録B</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Merge into one person</source>
        <extracomment>A merge or unmerge changed who is one person: the registry and ranking must reload.</extracomment>
        <translation>同一人物として統合</translation>
    </message>
    <message>
        <source>Newest value per field, or the values you ticked</source>
        <translation>項目ごとに新しい値、またはチェックした値を残します</translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation>別人</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>元に戻す</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>再検索</translation>
    </message>
    <message>
        <source>Click a value to keep it in the merged record; coloured rows differ.</source>
        <translation>統合後に残す値をクリックで選べます。色の付いた行は値が異なります。</translation>
    </message>
    <message>
        <source>Looking for duplicates…</source>
        <translation>重複を探しています…</translation>
    </message>
    <message>
        <source>Pairs to review: %1</source>
        <translation>確認する組: %1 件</translation>
    </message>
    <message>
        <source>Merged %1 into %2.</source>
        <translation>%1 を %2 に統合しました。</translation>
    </message>
    <message>
        <source>%1 and %2: not the same person; not proposed again.</source>
        <translation>%1 と %2 は別人として記録しました（再提案しません）。</translation>
    </message>
    <message>
        <source>Unmerged: %1 apart again.</source>
        <translation>統合を取り消しました: %1 は別々の記録に戻りました。</translation>
    </message>
    <message>
        <source>Both records are confirmed on overlapping slots; cancel one booking first.</source>
        <translation>両方の記録が重なる勤務枠で確定済みです。どちらかをキャンセルしてから統合してください。</translation>
    </message>
    <message>
        <source>No such registrant.</source>
        <translation>該当する登録者がありません。</translation>
    </message>
    <message>
        <source>That 登録ID is in several sources; name it as SOURCE:登録ID.</source>
        <translation>この登録IDは複数の登録元にあります。登録元:登録ID の形で指定してください。</translation>
    </message>
    <message>
        <source>The merge was refused.</source>
        <translation>統合できませんでした。</translation>
    </message>
</context>
<context>
    <name>EventsModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Posting</source>
        <translation>募集</translation>
    </message>
    <message>
        <source>Registrant ID</source>
        <translation>登録ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>変更</translation>
    </message>
    <message>
        <source>Slots</source>
        <translation>勤務枠</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>(undo of #%1)</source>
        <translation>（#%1 の取り消し）</translation>
    </message>
</context>
<context>
    <name>ExportsDialog</name>
    <message>
        <source>Export history</source>
        <translation>出力履歴</translation>
    </message>
    <message>
        <source>Filter: who, what, file, filters…</source>
        <translation>絞り込み：担当者、種類、ファイル、条件…</translation>
    </message>
    <message>
        <source>Every export and printed sheet is recorded here: who, when, which filters. Placement logs, candidate sheets and internal postings lists hold personal data or unmasked postings.</source>
        <translation>出力したファイルや印刷したシートはすべてここに記録されます（誰が・いつ・どの条件で）。配置記録、候補者シート、内部用の募集一覧には個人情報やマスキングしていない募集情報が含まれます。</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>再読み込み</translation>
    </message>
    <message>
        <source>Waiting for the database: the export record</source>
        <translation>データベースの応答待ち：書き出し記録</translation>
    </message>
    <message>
        <source>%1 of %2 exports</source>
        <translation>%2 件中 %1 件</translation>
    </message>
</context>
<context>
    <name>ExportsModel</name>
    <message>
        <source>Placement log</source>
        <extracomment>Export kinds in words (the codes desk.services and desk.print record).</extracomment>
        <translation>配置記録</translation>
    </message>
    <message>
        <source>Open headcount summary</source>
        <translation>募集人数集計</translation>
    </message>
    <message>
        <source>Candidate sheet</source>
        <translation>候補者シート</translation>
    </message>
    <message>
        <source>Posting sheet (public)</source>
        <translation>募集シート（公開用）</translation>
    </message>
    <message>
        <source>Postings list (public)</source>
        <translation>募集一覧（公開用）</translation>
    </message>
    <message>
        <source>Postings list (internal)</source>
        <translation>募集一覧（内部用）</translation>
    </message>
    <message>
        <source>Rejected rows of an import</source>
        <translation>取込で除外した行</translation>
    </message>
    <message>
        <source>Candidates (JSON output)</source>
        <translation>候補者一覧（JSON 出力）</translation>
    </message>
    <message>
        <source>Placement history (command output)</source>
        <translation>配置履歴（コマンド出力）</translation>
    </message>
    <message>
        <source>Reminders for a day (confirmed staff)</source>
        <translation>前日連絡（確定者一覧）</translation>
    </message>
    <message>
        <source>Hand-out to a partner</source>
        <translation>提供資料の作成</translation>
    </message>
    <message>
        <source>Hand-out produced again</source>
        <translation>提供資料（再作成）</translation>
    </message>
    <message>
        <source>When</source>
        <extracomment>Kinds that carry personal data or unmasked postings: their tooltip says so.</extracomment>
        <translation>日時</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>What</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Holds personal data or unmasked postings: for the follow-up and the desk only</source>
        <translation>個人情報またはマスキングしていない募集情報を含みます：実績報告と窓口内でのみ使用してください</translation>
    </message>
    <message>
        <source>Window table (personal data)</source>
        <translation>画面の表（個人情報）</translation>
    </message>
    <message>
        <source>Window table</source>
        <translation>画面の表</translation>
    </message>
</context>
<context>
    <name>FindController</name>
    <message>
        <source>Find (Ctrl+K)</source>
        <translation>検索（Ctrl+K）</translation>
    </message>
    <message>
        <source>Find anyone (Ctrl+K): name, phone, e-mail, ID</source>
        <translation>誰でも検索（Ctrl+K）：氏名・電話・メール・ID</translation>
    </message>
    <message>
        <source>Find anyone…</source>
        <translation>全体を検索…</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>Guide: the day&apos;s work in 10 steps</source>
        <translation>使い方：1日の流れ（10ステップ）</translation>
    </message>
    <message>
        <source>The guide is missing from this installation (%1).</source>
        <translation>このインストールには使い方の案内がありません（%1）。</translation>
    </message>
</context>
<context>
    <name>HandoutDialog</name>
    <message>
        <source>Hand-out to a partner</source>
        <translation>提供資料の作成</translation>
    </message>
    <message>
        <source>e.g. 大阪府医師会</source>
        <translation>例：大阪府医師会</translation>
    </message>
    <message>
        <source>Prefectures, comma separated (empty: the recipient&apos;s default)</source>
        <translation>都道府県（カンマ区切り。空欄は提供先の既定の範囲）</translation>
    </message>
    <message>
        <source>Region block (近畿, 関東信越 …)</source>
        <translation>地域ブロック（近畿、関東信越 …）</translation>
    </message>
    <message>
        <source>Occupations, comma separated (医師, 看護師 …)</source>
        <translation>職種（カンマ区切り：医師、看護師 …）</translation>
    </message>
    <message>
        <source>Since the last hand-out</source>
        <translation>前回の提供以降</translation>
    </message>
    <message>
        <source>Since a date</source>
        <translation>指定日以降</translation>
    </message>
    <message>
        <source>Everything open (no comparison)</source>
        <translation>公開中の全件（比較なし）</translation>
    </message>
    <message>
        <source>&amp;Recipient:</source>
        <translation>提供先(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Prefectures:</source>
        <translation>都道府県(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Block:</source>
        <translation>ブロック(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Occupations:</source>
        <translation>職種(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Changes:</source>
        <translation>変更の基準(&amp;C)：</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>プレビュー(&amp;V)</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>PDFで保存(&amp;P)…</translation>
    </message>
    <message>
        <source>Save as &amp;Excel…</source>
        <translation>Excelで保存(&amp;E)…</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>提供先</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>範囲</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新規</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>変更</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>公開中</translation>
    </message>
    <message>
        <source>Save selected &amp;again…</source>
        <translation>選択した提供資料を再出力(&amp;A)…</translation>
    </message>
    <message>
        <source>Past hand-outs</source>
        <translation>これまでの提供</translation>
    </message>
    <message>
        <source>Enter the recipient&apos;s name.</source>
        <translation>提供先の名称を入力してください。</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>プレビューを作成しています…</translation>
    </message>
    <message>
        <source>Save hand-out</source>
        <translation>提供資料の保存</translation>
    </message>
    <message>
        <source>Hand-out %1 saved: %2</source>
        <translation>提供資料 %1 を保存しました：%2</translation>
    </message>
    <message>
        <source>Select a past hand-out first.</source>
        <translation>先にこれまでの提供から1件選んでください。</translation>
    </message>
    <message>
        <source>Saved again: %1</source>
        <translation>再出力しました：%1</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Updated</source>
        <translation>更新日時</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Posting</source>
        <translation>募集</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>自治体</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>会場</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>職種</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>経過</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a file</source>
        <translation>ファイルの取込</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>参照(&amp;B)…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>ファイル:</translation>
    </message>
    <message>
        <source>Postings</source>
        <translation>募集</translation>
    </message>
    <message>
        <source>Registrants</source>
        <translation>登録者</translation>
    </message>
    <message>
        <source>&amp;Contents:</source>
        <translation>内容(&amp;C):</translation>
    </message>
    <message>
        <source>Saved &amp;mapping:</source>
        <translation>保存済みの対応付け(&amp;M):</translation>
    </message>
    <message>
        <source>The registry this file comes from; 登録ID is unique within it</source>
        <translation>このファイルの登録元です（登録IDは登録元ごとに一意）</translation>
    </message>
    <message>
        <source>&amp;Registry:</source>
        <translation>登録元(&amp;R):</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>文字コード:</translation>
    </message>
    <message>
        <source>Header row:</source>
        <translation>見出し行:</translation>
    </message>
    <message>
        <source>Data rows:</source>
        <translation>データ行数:</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列の対応付け</translation>
    </message>
    <message>
        <source>&amp;Save this mapping for the source:</source>
        <translation>この対応付けを取込元として保存(&amp;S):</translation>
    </message>
    <message>
        <source>e.g. Key-Net export, Yokohama city sheet</source>
        <translation>例: Key-Net 出力、横浜市の一覧表</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>プレビュー</translation>
    </message>
    <message>
        <source>Choose a file to see what the import would do.</source>
        <translation>ファイルを選ぶと、取込の結果を事前に確認できます。</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>プレビュー(&amp;P)</translation>
    </message>
    <message>
        <source>Import the valid rows and &amp;skip the rejected ones</source>
        <translation>正しい行だけを取り込み、不備のある行は除外する(&amp;S)</translation>
    </message>
    <message>
        <source>This file lists &amp;every posting: mark postings it leaves out as missing</source>
        <translation>このファイルはすべての募集の一覧（載っていない募集を「一覧になし」にする）(&amp;E)</translation>
    </message>
    <message>
        <source>Untick for a hand-made file that holds only some postings. Missing postings are only marked, never deleted.</source>
        <translation>一部の募集だけを手作業でまとめたファイルのときは外してください。一覧になしの募集は印が付くだけで、削除はされません。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>取込(&amp;I)</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取込を中止</translation>
    </message>
    <message>
        <source>Required fields with no column: %1. Choose them in the table.</source>
        <translation>必須項目に対応する列がありません: %1。表で列を選んでください。</translation>
    </message>
    <message>
        <source>The columns changed: press Preview to check the rows again.</source>
        <translation>列の対応付けが変わりました。「プレビュー」で行を確認し直してください。</translation>
    </message>
    <message>
        <source>Choose a file to import</source>
        <translation>取り込むファイルを選択</translation>
    </message>
    <message>
        <source>Spreadsheets (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)</source>
        <translation>表計算ファイル (*.csv *.tsv *.txt *.xlsx *.xlsm);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>ファイルを読み込み中…</translation>
    </message>
    <message>
        <source>about %1 (counted by the preview)</source>
        <translation>約 %1(プレビューで数えます)</translation>
    </message>
    <message>
        <source>(suggested)</source>
        <translation>（推定）</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>全行を確認中…</translation>
    </message>
    <message>
        <source>To add: %1 · to update: %2 · unchanged: %3 · rejected: %4</source>
        <translation>追加: %1 ・ 更新: %2 ・ 変更なし: %3 ・ 不備: %4</translation>
    </message>
    <message>
        <source>%1 postings already in the desk are not in this file: they will be marked as missing.</source>
        <translation>登録済みの募集のうち %1 件がこのファイルにありません。「一覧になし」として印が付きます。</translation>
    </message>
    <message>
        <source>Rows with problems stop the import: correct the file, or tick &quot;skip the rejected ones&quot; below.</source>
        <translation>不備のある行があるため取り込めません。ファイルを修正するか、下の「不備のある行は除外する」にチェックを入れてください。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>取込中…</translation>
    </message>
    <message>
        <source>Nothing was imported: %1 rows have problems (listed above).</source>
        <translation>取り込みませんでした: %1 行に不備があります（上の一覧を参照）。</translation>
    </message>
    <message>
        <source>Imported %1, updated %2, unchanged %3, rejected %4.</source>
        <translation>追加 %1 件、更新 %2 件、変更なし %3 件、不備 %4 件。</translation>
    </message>
    <message>
        <source>%1 postings are no longer in the file and were marked.</source>
        <translation>ファイルに無くなった募集 %1 件に印を付けました。</translation>
    </message>
    <message>
        <source>Rejected rows were saved to %1.</source>
        <translation>不備のある行を %1 に保存しました。</translation>
    </message>
    <message>
        <source>%1 bookings are on postings this file changed: call them again (the re-contact list).</source>
        <translation>このファイルで変わった募集に %1 件の予約があります。再連絡リストから連絡し直してください。</translation>
    </message>
    <message>
        <source>%1 fields edited by coordinators differ in this file; the edits are kept: %2</source>
        <translation>コーディネーターが修正した %1 項目がこのファイルと異なります。修正は保持されます: %2</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>中止しています…</translation>
    </message>
    <message>
        <source>Import cancelled; the database was left as it was.</source>
        <translation>取込を中止しました。データベースは変更されていません。</translation>
    </message>
    <message>
        <source>Reading cancelled.</source>
        <translation>読み込みを中止しました。</translation>
    </message>
    <message>
        <source>Preview cancelled.</source>
        <translation>プレビューを中止しました。</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>ファイルを読み込めませんでした。</translation>
    </message>
    <message>
        <source>The preview failed: %1</source>
        <translation>プレビューできませんでした: %1</translation>
    </message>
    <message>
        <source>The import failed; the database was left as it was.</source>
        <translation>取込に失敗しました。データベースは変更されていません。</translation>
    </message>
    <message>
        <source>The file could not be read</source>
        <translation>ファイルを読み込めません</translation>
    </message>
    <message>
        <source>The import failed</source>
        <translation>取込に失敗しました</translation>
    </message>
    <message>
        <source>The file changed on disk after the preview; nothing was imported. Preview it again.</source>
        <translation>プレビューの後にファイルが変更されました。何も取り込んでいません。もう一度プレビューしてください。</translation>
    </message>
    <message>
        <source>The database changed after the preview (a colleague imported or edited the same records); nothing was imported. Preview it again.</source>
        <translation>プレビューの後にデータベースが変更されました（他の担当者が同じデータを取り込みまたは編集しました）。何も取り込んでいません。もう一度プレビューしてください。</translation>
    </message>
    <message>
        <source>Choose a CSV or Excel file, or type or paste its path…</source>
        <translation>CSV または Excel ファイルを選択するか、パスを入力・貼り付け…</translation>
    </message>
    <message>
        <source>No such file: %1</source>
        <translation>ファイルが見つかりません: %1</translation>
    </message>
    <message>
        <source>Ticked, postings in the database that this file does not list are marked missing (never deleted). The file has %1 rows and the database %2 postings, so it is %3.</source>
        <translation>チェックすると、このファイルに載っていないデータベース上の募集に「一覧になし」の印を付けます（削除はしません）。ファイルは %1 行、データベースの募集は %2 件なので、%3です。</translation>
    </message>
    <message>
        <source>probably the full list</source>
        <translation>全件の一覧と思われます</translation>
    </message>
    <message>
        <source>probably only a part</source>
        <translation>一部だけの一覧と思われます</translation>
    </message>
    <message>
        <source>%1 postings have dates far from this file&apos;s usual year %2: %3. Check the year before importing.</source>
        <translation>%1件の募集の日付が、このファイルの大半の年（%2年）から大きく離れています: %3。取り込む前に年を確認してください。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Open</source>
        <translation>公開</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>休止</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>退会</translation>
    </message>
    <message>
        <source>Physician</source>
        <translation>医師</translation>
    </message>
    <message>
        <source>Nurse</source>
        <translation>看護師</translation>
    </message>
    <message>
        <source>Assistant nurse</source>
        <translation>准看護師</translation>
    </message>
    <message>
        <source>Public health nurse</source>
        <translation>保健師</translation>
    </message>
    <message>
        <source>Midwife</source>
        <translation>助産師</translation>
    </message>
    <message>
        <source>Pharmacist</source>
        <translation>薬剤師</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>事務職員</translation>
    </message>
    <message>
        <source>Proposed</source>
        <extracomment>Placement states (the log) and the action that leads to each.</extracomment>
        <translation>提案</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>連絡済</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>承諾</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>辞退</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>確定</translation>
    </message>
    <message>
        <source>Worked</source>
        <translation>勤務済</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>無断欠勤</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Proposal withdrawn</source>
        <translation>取下げ</translation>
    </message>
    <message>
        <source>Propose</source>
        <translation>提案</translation>
    </message>
    <message>
        <source>Mark contacted</source>
        <translation>連絡済にする</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>確定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>取下げ</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>勤務可能日</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>職種</translation>
    </message>
    <message>
        <source>Experience</source>
        <translation>接種経験</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>信頼性</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>火</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>水</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>木</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>金</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>土</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Hol</source>
        <translation>祝</translation>
    </message>
    <message>
        <source>Availability not stated</source>
        <translation>勤務可能日の記載なし</translation>
    </message>
    <message>
        <source>No answer</source>
        <extracomment>The outcomes&apos; words (codes from desk.core.calls.Outcome).</extracomment>
        <translation>不在</translation>
    </message>
    <message>
        <source>Voicemail left</source>
        <translation>留守電</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>折り返し待ち</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>番号違い</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>話し中</translation>
    </message>
</context>
<context>
    <name>LiveWiring</name>
    <message>
        <source>Live updates are off: %1</source>
        <translation>自動更新は停止しています: %1</translation>
    </message>
    <message>
        <source>Calling now</source>
        <translation>電話中</translation>
    </message>
    <message>
        <source>Tell colleagues you are phoning this candidate (%1)</source>
        <translation>この候補者に電話中であることを同僚に知らせます (%1)</translation>
    </message>
    <message>
        <source>%1 is calling %2 (%3) since %4</source>
        <translation>%1 が %2 に電話中 (%3、%4 から)</translation>
    </message>
    <message>
        <source>Select a posting and a candidate first</source>
        <translation>先に募集と候補者を選んでください</translation>
    </message>
    <message>
        <source>Colleagues see that you are calling %1</source>
        <translation>%1 に電話中であることを同僚に表示しています</translation>
    </message>
    <message>
        <source>Could not record the call: %1</source>
        <translation>電話中を記録できませんでした: %1</translation>
    </message>
    <message>
        <source>A colleague is calling</source>
        <translation>同僚が電話中です</translation>
    </message>
    <message>
        <source>%1 has been calling %2 since %3. Propose anyway?</source>
        <translation>%1 が %3 から %2 に電話しています。それでも提案しますか？</translation>
    </message>
    <message>
        <source>Propose anyway</source>
        <translation>それでも提案する</translation>
    </message>
    <message>
        <source>Not allowed for your login</source>
        <translation>このログインには許可されていません</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Posting ID</source>
        <translation>募集ID</translation>
    </message>
    <message>
        <source>Registrant ID</source>
        <translation>登録ID</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>担当者</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>開始日</translation>
    </message>
    <message>
        <source>Undo selected change</source>
        <translation>選択した変更を取り消す</translation>
    </message>
    <message>
        <source>Export placements…</source>
        <translation>配置記録の出力…</translation>
    </message>
    <message>
        <source>Write the placement log (per municipality, occupation and outcome) to .xlsx or .csv; the export is recorded.</source>
        <translation>配置記録（自治体・職種・結果別）を .xlsx または .csv に出力します。出力したことは記録されます。</translation>
    </message>
    <message>
        <source>%1 events</source>
        <extracomment>where to save; replaced in tests (no modal file dialog there).</extracomment>
        <translation>%1 件の記録</translation>
    </message>
    <message>
        <source>Waiting for the database: the placement log</source>
        <translation>データベースの応答待ち：配置記録</translation>
    </message>
    <message>
        <source>Nothing undone</source>
        <translation>取り消す変更はありません</translation>
    </message>
    <message>
        <source>Waiting for the database to undo the change</source>
        <translation>データベースの応答待ち：変更の取り消し</translation>
    </message>
    <message>
        <source>Export placements</source>
        <translation>配置記録の出力</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 を保存しました</translation>
    </message>
    <message>
        <source>Waiting for the database: the export</source>
        <translation>データベースの応答待ち：書き出し</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>まで</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>desk — vaccination venue staffing</source>
        <translation>desk — ワクチン接種会場 人材マッチング</translation>
    </message>
    <message>
        <source>Postings</source>
        <translation>募集</translation>
    </message>
    <message>
        <source>Registrants</source>
        <translation>登録者</translation>
    </message>
    <message>
        <source>Hand-out to a partner…</source>
        <translation>提供資料の作成…</translation>
    </message>
    <message>
        <source>Placement log</source>
        <translation>配置記録</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>集計</translation>
    </message>
    <message>
        <source>Waiting for the database: the postings</source>
        <translation>データベースの応答待ち：募集一覧</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重複候補</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>データベース: %1</translation>
    </message>
    <message>
        <source>%1 postings (%2 open) · %3 registrants · %4 placements</source>
        <translation>募集 %1件（公開中 %2件）・ 登録者 %3人 ・ 配置 %4件</translation>
    </message>
    <message>
        <source>Last import: %1 (%2)</source>
        <translation>最終取込: %1（%2）</translation>
    </message>
    <message>
        <source>No import yet</source>
        <translation>取込はまだありません</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>計画</translation>
    </message>
</context>
<context>
    <name>MappingModel</name>
    <message>
        <source>(ignore this column)</source>
        <extracomment>Role giving a row&apos;s combo box entries: list of (field key or &quot;&quot;, text, score or None). Role giving the field key of a row (&quot;&quot; when the column is ignored).</extracomment>
        <translation>（この列は取り込まない）</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>ファイルの列</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>例</translation>
    </message>
    <message>
        <source>Imported as</source>
        <translation>取込先の項目</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>一致度</translation>
    </message>
    <message>
        <source>(ignored)</source>
        <translation>（取り込まない）</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>手動</translation>
    </message>
    <message>
        <source>Closest fields: %1</source>
        <translation>近い項目: %1</translation>
    </message>
</context>
<context>
    <name>NameDialog</name>
    <message>
        <source>Your name</source>
        <translation>お名前</translation>
    </message>
    <message>
        <source>Which name should desk record on your changes and print on sheets?</source>
        <translation>変更の記録とシートの印刷に使う名前を入力してください。</translation>
    </message>
    <message>
        <source>e.g. 佐藤 花子</source>
        <translation>例: 佐藤 花子</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Registrant is excluded</source>
        <translation>除外対象の登録者です</translation>
    </message>
    <message>
        <source>The ranking excludes %1 for this posting: %2

Place them anyway? Say why; the reason is kept with the change.</source>
        <translation>この募集では %1 は候補から除外されています：%2

それでも配置しますか？理由を入力してください。理由は記録に残ります。</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>理由（必須）</translation>
    </message>
    <message>
        <source>Place anyway</source>
        <translation>理由を付けて配置</translation>
    </message>
</context>
<context>
    <name>PartialConfirmDialog</name>
    <message>
        <source>Confirm which slots?</source>
        <translation>どの枠を確定しますか？</translation>
    </message>
    <message>
        <source>Not every slot works for %1. Tick the slots to confirm:</source>
        <translation>%1 はすべての枠には入れません。確定する枠にチェックを入れてください：</translation>
    </message>
    <message>
        <source>Confirm ticked slots</source>
        <translation>チェックした枠を確定</translation>
    </message>
    <message>
        <source>— booked at %1 %2 (%3, posting %4)</source>
        <translation>— %1 %2 で確定済み（%3、募集 %4）</translation>
    </message>
    <message>
        <source>— outside the stated availability</source>
        <translation>— 勤務可能日時の範囲外</translation>
    </message>
    <message>
        <source>— availability not stated: ask</source>
        <translation>— 勤務可能日時の記載なし：本人に確認</translation>
    </message>
</context>
<context>
    <name>PlanTab</name>
    <message>
        <source>Plan the board</source>
        <translation>計画する</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>Whole country</source>
        <translation>全国</translation>
    </message>
    <message>
        <source>Call lists by block</source>
        <translation>ブロック別の架電リスト</translation>
    </message>
    <message>
        <source>Call lists by posting</source>
        <translation>募集別の架電リスト</translation>
    </message>
    <message>
        <source>Press Plan the board to plan every open posting at once.</source>
        <translation>「計画する」で公開中の全募集をまとめて計画します。</translation>
    </message>
    <message>
        <source>Show candidate</source>
        <translation>候補者を表示</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地域</translation>
    </message>
    <message>
        <source>Posting / slot</source>
        <translation>募集・枠</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>順</translation>
    </message>
    <message>
        <source>Registrant</source>
        <translation>登録ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Posting</source>
        <translation>募集</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>枠</translation>
    </message>
    <message>
        <source>Why it stays empty</source>
        <translation>埋まらない理由</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>ブロック</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>職種</translation>
    </message>
    <message>
        <source>Week of</source>
        <translation>週（月曜）</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>募集</translation>
    </message>
    <message>
        <source>Could fill</source>
        <translation>候補者</translation>
    </message>
    <message>
        <source>Unfilled slots</source>
        <translation>未充足の枠</translation>
    </message>
    <message>
        <source>Supply next to demand</source>
        <translation>需給（募集と候補者数）</translation>
    </message>
    <message>
        <source>Planning…</source>
        <translation>計画中…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>中止しています…</translation>
    </message>
    <message>
        <source>Cancelled: the previous plan is still shown.</source>
        <translation>中止しました。前回の計画を表示しています。</translation>
    </message>
    <message>
        <source>The plan could not be computed: %1</source>
        <translation>計画を作成できませんでした: %1</translation>
    </message>
    <message>
        <source>Planned %1 of %2 open places (calling each posting&apos;s list in order: %3).</source>
        <translation>未充足 %2 人分のうち %1 人分を計画しました（募集ごとに上から順に電話した場合: %3）。</translation>
    </message>
    <message>
        <source>The time limit was reached: this is the best plan found, not proven the best.</source>
        <translation>時間切れのため、見つかった中で最良の計画です（最適とは限りません）。</translation>
    </message>
    <message>
        <source>Proposals only: nothing is logged until you record a call.</source>
        <translation>計画は提案のみで、通話結果を記録するまで配置記録には残りません。</translation>
    </message>
</context>
<context>
    <name>PostingsExportDialog</name>
    <message>
        <source>Export postings list</source>
        <translation>募集一覧の出力</translation>
    </message>
    <message>
        <source>For circulation (masking applied)</source>
        <translation>公開用（マスキング適用）</translation>
    </message>
    <message>
        <source>For registrants: masked postings show only the prefecture and municipality, no facility, address or contact.</source>
        <translation>登録者に配布する一覧です。マスキングの募集は都道府県と市区町村のみを表示し、施設名・住所・連絡先は載せません。</translation>
    </message>
    <message>
        <source>Internal (all information)</source>
        <translation>内部用（全情報）</translation>
    </message>
    <message>
        <source>For the desk only: every field, the masking flag and the fill. Do not hand it on.</source>
        <translation>窓口内でのみ使う一覧です。すべての項目、マスキングの有無、充足状況を含みます。外部に渡さないでください。</translation>
    </message>
    <message>
        <source>This list holds the full details of masked postings: keep it within the desk.</source>
        <translation>この一覧にはマスキングの募集の詳細もすべて含まれます。窓口の外に出さないでください。</translation>
    </message>
    <message>
        <source>Open postings only</source>
        <translation>公開中の募集のみ</translation>
    </message>
    <message>
        <source>Who is the list for?</source>
        <translation>誰に渡す一覧ですか？</translation>
    </message>
</context>
<context>
    <name>PostingsModel</name>
    <message>
        <source>State</source>
        <translation>状況</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>変更</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Prefecture</source>
        <translation>都道府県</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>自治体</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>会場</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>職種</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>勤務日</translation>
    </message>
    <message>
        <source>Headcount</source>
        <translation>募集人数</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>充足</translation>
    </message>
    <message>
        <source>Masked</source>
        <translation>マスキング</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>変更あり</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>一覧になし</translation>
    </message>
    <message>
        <source>Changed by the latest import</source>
        <translation>直近の取込で変更されました</translation>
    </message>
    <message>
        <source>Missing from the latest full export</source>
        <translation>直近の全件出力に含まれていません</translation>
    </message>
    <message>
        <source>Masked posting: sheets for circulation show only the masked scope</source>
        <translation>マスキング募集: 配布用の帳票にはマスキング範囲のみ表示されます</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>デモ</translation>
    </message>
    <message>
        <source>Made-up demo data, not a real posting</source>
        <translation>デモ用の架空データです（実在の募集ではありません）</translation>
    </message>
</context>
<context>
    <name>PostingsPane</name>
    <message>
        <source>Filter postings: place, venue, occupation, ID…</source>
        <translation>募集を絞り込み: 地域、会場、職種、ID…</translation>
    </message>
    <message>
        <source>Open only</source>
        <translation>公開中のみ</translation>
    </message>
    <message>
        <source>Unfilled only</source>
        <translation>未充足のみ</translation>
    </message>
    <message>
        <source>My block</source>
        <translation>担当ブロック</translation>
    </message>
    <message>
        <source>Postings</source>
        <translation>募集</translation>
    </message>
    <message>
        <source>Only postings in %1 (Settings: home block)</source>
        <translation>%1 の募集のみ（設定: 担当ブロック）</translation>
    </message>
    <message>
        <source>Set your home block in Settings first</source>
        <translation>先に設定で担当ブロックを選んでください</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2件中 %1件</translation>
    </message>
    <message>
        <source>Show ended</source>
        <translation>終了も表示</translation>
    </message>
    <message>
        <source>Ended postings are hidden unless this is ticked</source>
        <translation>終了した募集は、ここにチェックを入れたときだけ表示されます</translation>
    </message>
    <message>
        <source>Show all postings again</source>
        <extracomment>A summary cell opened here: &quot;絞り込み: 関東 × 看護師&quot; with a button that clears it.</extracomment>
        <translation>すべての募集を表示に戻す</translation>
    </message>
    <message>
        <source>Filtered: %1</source>
        <translation>絞り込み: %1</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Print preview</source>
        <translation>印刷プレビュー</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>印刷…</translation>
    </message>
</context>
<context>
    <name>PrintController</name>
    <message>
        <source>Coordinator sheet (candidates with contact details; stays at the desk)</source>
        <extracomment>audience chooser; replaced in tests (no modal exec there).</extracomment>
        <translation>コーディネーター用（候補者の連絡先入り・持ち出し不可）</translation>
    </message>
    <message>
        <source>Public sheet (for circulation; masked postings show only the masked scope)</source>
        <translation>配布用（マスキング募集はマスキング範囲のみ表示）</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>帳票</translation>
    </message>
    <message>
        <source>Which sheet?</source>
        <translation>どの帳票を作成しますか？</translation>
    </message>
    <message>
        <source>Save sheet as PDF</source>
        <translation>帳票を PDF で保存</translation>
    </message>
    <message>
        <source>Select one or more postings first</source>
        <translation>先に募集を1件以上選んでください</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>PDF で保存</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 を保存しました</translation>
    </message>
    <message>
        <source>Making the sheet…</source>
        <translation>シートを作成中…</translation>
    </message>
    <message>
        <source>Preview needs pdftoppm (poppler-utils); use Save as PDF</source>
        <translation>プレビューには pdftoppm（poppler-utils）が必要です。「PDF で保存」をお使いください</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>印刷プレビュー</translation>
    </message>
    <message>
        <source>Printing needs pdftoppm (poppler-utils); use Save as PDF</source>
        <translation>印刷には pdftoppm（poppler-utils）が必要です。「PDF で保存」をお使いください</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>印刷</translation>
    </message>
</context>
<context>
    <name>RecontactDock</name>
    <message>
        <source>Call again (posting changed)</source>
        <translation>再連絡（募集の変更）</translation>
    </message>
    <message>
        <source>%1 people to call again</source>
        <translation>再連絡が必要 %1名</translation>
    </message>
    <message>
        <source>Nobody to call again.</source>
        <translation>再連絡が必要な人はいません。</translation>
    </message>
</context>
<context>
    <name>RegistrantEditDialog</name>
    <message>
        <source>Edit registrant %1</source>
        <translation>登録者 %1 の編集</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>備考</translation>
    </message>
</context>
<context>
    <name>RegistrantPane</name>
    <message>
        <source>No registrant selected.</source>
        <translation>登録者が選択されていません。</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>勤務可能日</translation>
    </message>
    <message>
        <source>Placements</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Registrant ID</source>
        <translation>登録ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性別</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>生年</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>職種</translation>
    </message>
    <message>
        <source>Other licences</source>
        <translation>その他の免許</translation>
    </message>
    <message>
        <source>Specialty</source>
        <translation>診療科</translation>
    </message>
    <message>
        <source>Lives in</source>
        <translation>居住地</translation>
    </message>
    <message>
        <source>Can work in</source>
        <translation>勤務可能地域</translation>
    </message>
    <message>
        <source>Availability (as written)</source>
        <translation>勤務可能日（原文）</translation>
    </message>
    <message>
        <source>How often</source>
        <translation>勤務頻度</translation>
    </message>
    <message>
        <source>%1 days a week</source>
        <translation>週%1日</translation>
    </message>
    <message>
        <source>%1 times a month</source>
        <translation>月%1回</translation>
    </message>
    <message>
        <source>Hours (as written)</source>
        <translation>勤務可能時間（原文）</translation>
    </message>
    <message>
        <source>Experience</source>
        <translation>接種経験</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>メール</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登録日</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>has vaccinated before</source>
        <translation>接種経験あり</translation>
    </message>
    <message>
        <source>no vaccination yet</source>
        <translation>接種経験なし</translation>
    </message>
    <message>
        <source>Specific dates: %1</source>
        <translation>指定日: %1</translation>
    </message>
</context>
<context>
    <name>RegistrantsModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>職種</translation>
    </message>
    <message>
        <source>Specialty</source>
        <translation>診療科</translation>
    </message>
    <message>
        <source>Prefecture</source>
        <translation>都道府県</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市区町村</translation>
    </message>
    <message>
        <source>Work areas</source>
        <translation>勤務可能地域</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>勤務可能日</translation>
    </message>
    <message>
        <source>Vaccinated before</source>
        <translation>接種経験</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>yes</source>
        <extracomment>Placement actions in button order, with their shortcuts. How many candidates the list shows (best first); the excluded (nearest first) come a page at a time. ask(kind, title, text, choices) -&gt; the chosen key or None. Replaced in tests (no modal exec there).</extracomment>
        <translation>あり</translation>
    </message>
    <message>
        <source>no</source>
        <translation>なし</translation>
    </message>
</context>
<context>
    <name>RegistrantsTab</name>
    <message>
        <source>Filter registrants, e.g. 地域:横浜 名前:やまだ 科:内科 日:土 メモ:英語</source>
        <translation>登録者を絞り込み（例: 地域:横浜 名前:やまだ 科:内科 日:土 メモ:英語）</translation>
    </message>
    <message>
        <source>Words must all match. Prefixes narrow a word to one field: 地域: region, 名前: name or reading, 科: specialty, 職種: occupation, 日: date or weekday, メモ: notes.</source>
        <translation>入力した語すべてに一致するものを表示します。接頭語で項目を指定できます: 地域: 地域、名前: 氏名・フリガナ、科: 診療科、職種: 職種、日: 日付・曜日、メモ: 備考。</translation>
    </message>
    <message>
        <source>Registrants</source>
        <translation>登録者</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Waiting for the database: the registry</source>
        <translation>データベースの応答待ち：登録者名簿</translation>
    </message>
    <message>
        <source>Could not load the registry: %1</source>
        <translation>登録者名簿を読み込めませんでした: %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2件中 %1件</translation>
    </message>
</context>
<context>
    <name>RejectsModel</name>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>RemindersDialog</name>
    <message>
        <source>Reminders for the day</source>
        <translation>前日連絡シート</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>勤務日</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存先</translation>
    </message>
    <message>
        <source>Save reminders</source>
        <translation>前日連絡シートの保存</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;CSV (*.csv);;Excel (*.xlsx)</source>
        <translation>PDF (*.pdf);;CSV (*.csv);;Excel (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>SavedFilters</name>
    <message>
        <source>Saved filters</source>
        <translation>保存した絞り込み</translation>
    </message>
    <message>
        <source>Save the candidate filter…</source>
        <extracomment>ask_name(suggested) -&gt; a name or None; replaced in tests (no modal dialog there).</extracomment>
        <translation>候補者の絞り込みを保存…</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Filter saved as “%1”</source>
        <translation>絞り込みを「%1」として保存しました</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>絞り込みの保存</translation>
    </message>
    <message>
        <source>Name for “%1”:</source>
        <translation>「%1」の名前:</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>Find anyone</source>
        <translation>全体を検索</translation>
    </message>
    <message>
        <source>Name, reading, romaji, phone, e-mail, 登録ID or 募集ID</source>
        <translation>氏名・フリガナ・ローマ字・電話・メール・登録ID・募集ID</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>該当</translation>
    </message>
    <message>
        <source>Where / what</source>
        <translation>場所・内容</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>検索中…</translation>
    </message>
    <message>
        <source>Waiting for the database: the search</source>
        <translation>データベースの応答待ち：検索</translation>
    </message>
    <message>
        <source>Preparing the search: indexing %2 registrants…</source>
        <translation>検索の準備中：登録者 %2 人の索引を作成しています…</translation>
    </message>
    <message>
        <source>Preparing the search: %1 of %2 registrants read…</source>
        <translation>検索の準備中：登録者 %2 人中 %1 人を読み込みました…</translation>
    </message>
    <message>
        <source>Preparing the search: %1 registrants read…</source>
        <translation>検索の準備中：登録者 %1 人を読み込みました…</translation>
    </message>
    <message>
        <source>Registrants</source>
        <translation>登録者</translation>
    </message>
    <message>
        <source>Postings</source>
        <translation>募集</translation>
    </message>
    <message>
        <source>Placements</source>
        <translation>配置</translation>
    </message>
    <message>
        <source> (first %1 of %2)</source>
        <translation>（%2件中 先頭%1件）</translation>
    </message>
    <message>
        <source>%1 found (%2 exact). Enter opens the selected one.</source>
        <translation>%1件見つかりました（完全一致 %2件）。Enter で選択中の項目を開きます。</translation>
    </message>
    <message>
        <source>No match (該当なし) for “%1”.</source>
        <translation>「%1」は該当なし。</translation>
    </message>
    <message>
        <source>The registry is changing: results may be a moment old. </source>
        <translation>登録者が更新中のため、結果が少し前の内容の場合があります。</translation>
    </message>
    <message>
        <source>Exact match</source>
        <translation>完全一致</translation>
    </message>
    <message>
        <source>Close match</source>
        <translation>部分一致・近い候補</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Region</source>
        <extracomment>The five ranking components, in the order shown.</extracomment>
        <translation>地域</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>勤務可能日</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>職種</translation>
    </message>
    <message>
        <source>Experience</source>
        <translation>接種経験</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>信頼性</translation>
    </message>
    <message>
        <source>Hokkaido</source>
        <extracomment>The 8 traditional region blocks: stored code (Japanese, as in CONTRACTS.md) -&gt; English source text.</extracomment>
        <translation>北海道</translation>
    </message>
    <message>
        <source>Tohoku</source>
        <translation>東北</translation>
    </message>
    <message>
        <source>Kanto</source>
        <translation>関東</translation>
    </message>
    <message>
        <source>Chubu</source>
        <translation>中部</translation>
    </message>
    <message>
        <source>Kinki</source>
        <translation>近畿</translation>
    </message>
    <message>
        <source>Chugoku</source>
        <translation>中国</translation>
    </message>
    <message>
        <source>Shikoku</source>
        <translation>四国</translation>
    </message>
    <message>
        <source>Kyushu</source>
        <translation>九州</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>You</source>
        <translation>利用者</translation>
    </message>
    <message>
        <source>Your name, recorded with every action</source>
        <translation>操作ごとに記録される氏名</translation>
    </message>
    <message>
        <source>Coordinator &amp;name:</source>
        <translation>コーディネーター名(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>表示言語(&amp;L):</translation>
    </message>
    <message>
        <source>(all regions)</source>
        <translation>（全地域）</translation>
    </message>
    <message>
        <source>My region &amp;block:</source>
        <translation>担当ブロック(&amp;B):</translation>
    </message>
    <message>
        <source>e.g. 詳しくは地域医療課までお問い合わせください</source>
        <translation>例：詳しくは地域医療課までお問い合わせください</translation>
    </message>
    <message>
        <source>Hand-out &amp;contact line:</source>
        <translation>提供資料の問い合わせ先(&amp;C)：</translation>
    </message>
    <message>
        <source>Candidate ranking weights</source>
        <translation>候補者の順位付けの重み</translation>
    </message>
    <message>
        <source>&amp;Reset to defaults</source>
        <translation>既定値に戻す(&amp;R)</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>データベース</translation>
    </message>
    <message>
        <source>&amp;Embedded database on this computer</source>
        <translation>このコンピューター内のデータベース(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Team server (PostgreSQL)</source>
        <translation>チームのサーバー（PostgreSQL）(&amp;T)</translation>
    </message>
    <message>
        <source>Test &amp;connection</source>
        <translation>接続テスト(&amp;C)</translation>
    </message>
    <message>
        <source>A new database location takes effect when the desk is restarted.</source>
        <translation>データベースの変更は desk の再起動後に反映されます。</translation>
    </message>
    <message>
        <source>All weights are zero: candidates will not be ranked.</source>
        <translation>重みがすべて 0 です。候補者は順位付けされません。</translation>
    </message>
    <message>
        <source>Total: 100 %</source>
        <translation>合計: 100 %</translation>
    </message>
    <message>
        <source>Total: %1 % (the weights are scaled to 100 %)</source>
        <translation>合計: %1 %（重みは合計 100 % に換算されます）</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address first.</source>
        <translation>先にサーバーのアドレスを入力してください。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>Connected (%1).</source>
        <translation>接続できました（%1）。</translation>
    </message>
    <message>
        <source>This is not a database address: %1</source>
        <translation>データベースのアドレスではありません: %1</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>接続できませんでした: %1</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, or choose the embedded database.</source>
        <translation>サーバーのアドレスを入力するか、このコンピューター内のデータベースを選んでください。</translation>
    </message>
    <message>
        <source>Please enter your name</source>
        <translation>氏名を入力してください</translation>
    </message>
    <message>
        <source>The window is rebuilt in the new language when you press OK.</source>
        <translation>OK を押すと、ウィンドウが新しい言語で開き直されます（再起動は不要です）。</translation>
    </message>
    <message>
        <source>Kept for each posting</source>
        <translation>募集ごとに保持</translation>
    </message>
    <message>
        <source>Cleared when another posting is picked</source>
        <translation>別の募集を選ぶと解除</translation>
    </message>
    <message>
        <source>Candidate &amp;filter:</source>
        <translation>候補者の絞り込み(&amp;F):</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source>The desk can be worked entirely from the keyboard:</source>
        <translation>desk はすべてキーボードで操作できます:</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>SummaryModel</name>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>ブロック</translation>
    </message>
</context>
<context>
    <name>SummaryView</name>
    <message>
        <source>8 regions</source>
        <translation>8地方区分</translation>
    </message>
    <message>
        <source>MHLW bureau areas</source>
        <translation>厚生局管轄区域</translation>
    </message>
    <message>
        <source>Slots from</source>
        <translation>勤務日（開始）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>出力…</translation>
    </message>
    <message>
        <source>Open headcount of open postings by region block and occupation.</source>
        <translation>公開中の募集の未充足人数（地域ブロック別・職種別）。</translation>
    </message>
    <message>
        <source>Waiting for the database: the summary</source>
        <translation>データベースの応答待ち：集計</translation>
    </message>
    <message>
        <source>Export summary</source>
        <translation>集計の出力</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 を保存しました</translation>
    </message>
    <message>
        <source>Waiting for the database: the export</source>
        <translation>データベースの応答待ち：書き出し</translation>
    </message>
    <message>
        <source>Double-click a number to see the postings behind it</source>
        <translation>数字をダブルクリックすると、その募集を表示します</translation>
    </message>
    <message>
        <source>Total</source>
        <extracomment>where to save; replaced in tests (no modal file dialog there).</extracomment>
        <translation>合計</translation>
    </message>
</context>
<context>
    <name>TableExporter</name>
    <message>
        <source>Postings</source>
        <extracomment>choose_path(suggested) -&gt; path or None; replaced in tests (no modal dialog there).</extracomment>
        <translation>募集</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>候補者</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>除外</translation>
    </message>
    <message>
        <source>Registrants</source>
        <translation>登録者</translation>
    </message>
    <message>
        <source>Placements</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Placement log</source>
        <translation>配置記録</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>集計</translation>
    </message>
    <message>
        <source>Export this table…</source>
        <translation>この表を出力…</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表</translation>
    </message>
    <message>
        <source>Saved %1 rows to %2</source>
        <translation>%1 行を %2 に保存しました</translation>
    </message>
    <message>
        <source>Export this table</source>
        <translation>この表を出力</translation>
    </message>
    <message>
        <source>Waiting for the database: the export</source>
        <translation>データベースの応答待ち：出力</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>ファイルの取込…</translation>
    </message>
    <message>
        <source>Load demo data…</source>
        <translation>デモデータの読み込み…</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>印刷プレビュー…</translation>
    </message>
    <message>
        <source>Print candidate sheet…</source>
        <translation>候補者リストの印刷…</translation>
    </message>
    <message>
        <source>Save candidate sheet as PDF…</source>
        <translation>候補者リストを PDF で保存…</translation>
    </message>
    <message>
        <source>Export postings list…</source>
        <translation>募集一覧の出力…</translation>
    </message>
    <message>
        <source>Export history…</source>
        <translation>出力履歴…</translation>
    </message>
    <message>
        <source>Quit</source>
        <extracomment>who the postings list is for and where it goes; replaced in tests (no modal dialogs there). ask_demo(postings, registrants) -&gt; load? Replaced in tests (no modal exec there).</extracomment>
        <translation>終了</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>Find / filter</source>
        <translation>検索・絞り込み</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <source>&amp;Placement</source>
        <translation>配置(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>Next pane</source>
        <translation>次の枠へ</translation>
    </message>
    <message>
        <source>Postings pane</source>
        <translation>募集一覧</translation>
    </message>
    <message>
        <source>Candidates pane</source>
        <translation>候補者一覧</translation>
    </message>
    <message>
        <source>Registrant pane</source>
        <translation>登録者の詳細</translation>
    </message>
    <message>
        <source>Next posting</source>
        <translation>次の募集</translation>
    </message>
    <message>
        <source>Previous posting</source>
        <translation>前の募集</translation>
    </message>
    <message>
        <source>Show excluded registrants</source>
        <translation>除外された登録者を表示</translation>
    </message>
    <message>
        <source>Work view</source>
        <translation>作業画面</translation>
    </message>
    <message>
        <source>Registrants</source>
        <translation>登録者</translation>
    </message>
    <message>
        <source>Placement log</source>
        <translation>配置記録</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>集計</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>再読み込み</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source>Export postings list</source>
        <translation>募集一覧の出力</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1 postings to %2 (internal list: do not hand it on)</source>
        <translation>募集 %1 件を %2 に保存しました（内部用：外部に渡さないでください）</translation>
    </message>
    <message>
        <source>Saved %1 postings to %2 (public list: masking applied)</source>
        <translation>募集 %1 件を %2 に保存しました（公開用：マスキング適用）</translation>
    </message>
    <message>
        <source>Waiting for the database: the export</source>
        <translation>データベースの応答待ち：書き出し</translation>
    </message>
    <message>
        <source>Load demo data</source>
        <translation>デモデータの読み込み</translation>
    </message>
    <message>
        <source>Add 3,000 made-up registrants and 300 postings to this database?</source>
        <translation>架空の登録者 3,000人と募集 300件をこのデータベースに追加しますか？</translation>
    </message>
    <message>
        <source>Creating demo data…</source>
        <translation>デモデータを作成中…</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>デモデータ</translation>
    </message>
    <message>
        <source>Demo data loaded</source>
        <translation>デモデータを読み込みました</translation>
    </message>
    <message>
        <source>Guide: the day&apos;s work in 10 steps</source>
        <translation>使い方：1日の流れ（10ステップ）</translation>
    </message>
    <message>
        <source>Waiting for the database: the counts</source>
        <translation>データベースの応答待ち：件数</translation>
    </message>
    <message>
        <source>This database already holds %1 postings and %2 registrants. The demo rows would mix with them (they are marked as demo in the postings list).</source>
        <translation>このデータベースにはすでに募集 %1件・登録者 %2人があります。デモデータはこれらに混ざります（募集一覧では「デモ」と表示されます）。</translation>
    </message>
</context>
<context>
    <name>WorkController</name>
    <message>
        <source>Undo placement change</source>
        <extracomment>Set by the calls controller: (state, posting, registrant, name) -&gt; extra transition arguments (override reason, chosen slots), or None to stop. guard(state, posting, registrant, name, proceed): settles what a change needs first (an override reason, the slots to confirm) and calls proceed(extra), or does not call it to stop.</extracomment>
        <translation>配置の変更を取り消す</translation>
    </message>
    <message>
        <source>Loading the posting…</source>
        <translation>募集を読み込み中…</translation>
    </message>
    <message>
        <source>Waiting for the database: the posting</source>
        <translation>データベースの応答待ち：募集</translation>
    </message>
    <message>
        <source>Select a posting to see its candidates.</source>
        <translation>募集を選ぶと候補者が表示されます。</translation>
    </message>
    <message>
        <source>masked</source>
        <translation>マスキング</translation>
    </message>
    <message>
        <source>filled</source>
        <translation>充足</translation>
    </message>
    <message>
        <source>Ranking candidates…</source>
        <translation>候補者を順位付け中…</translation>
    </message>
    <message>
        <source>%1 candidates, %2 excluded</source>
        <translation>候補者 %1人、除外 %2人</translation>
    </message>
    <message>
        <source>Could not rank this posting: %1</source>
        <translation>この募集の候補者を順位付けできませんでした: %1</translation>
    </message>
    <message>
        <source>Ranking failed</source>
        <translation>順位付けに失敗しました</translation>
    </message>
    <message>
        <source>Waiting for the database: ranking the candidates</source>
        <translation>データベースの応答待ち：候補者の順位付け</translation>
    </message>
    <message>
        <source>Waiting for the database: the registrant</source>
        <translation>データベースの応答待ち：登録者</translation>
    </message>
    <message>
        <source>Waiting for the database: the placement</source>
        <translation>データベースの応答待ち：配置状況</translation>
    </message>
    <message>
        <source>Cancel placement</source>
        <translation>配置のキャンセル</translation>
    </message>
    <message>
        <source>Who cancelled?</source>
        <translation>どちらからのキャンセルですか？</translation>
    </message>
    <message>
        <source>The registrant</source>
        <translation>登録者</translation>
    </message>
    <message>
        <source>The venue</source>
        <translation>会場</translation>
    </message>
    <message>
        <source>Posting is full</source>
        <translation>募集人数に達しています</translation>
    </message>
    <message>
        <source>This posting already has its headcount on: %1

Confirm anyway?</source>
        <translation>この募集は次の日程で募集人数に達しています: %1

それでも確定しますか？</translation>
    </message>
    <message>
        <source>Confirm beyond headcount</source>
        <translation>募集人数を超えて確定</translation>
    </message>
    <message>
        <source>Already booked</source>
        <translation>既に確定済み</translation>
    </message>
    <message>
        <source>%1 is already confirmed elsewhere at the same time:</source>
        <translation>%1 さんは同じ時間帯に別の会場で確定済みです:</translation>
    </message>
    <message>
        <source>Not possible</source>
        <translation>実行できません</translation>
    </message>
    <message>
        <source>Not allowed for your login</source>
        <translation>このログインには許可されていません</translation>
    </message>
    <message>
        <source>Waiting for the database to undo the change</source>
        <translation>データベースの応答待ち：変更の取り消し</translation>
    </message>
    <message>
        <source>Waiting for the database: refreshing</source>
        <translation>データベースの応答待ち：表示の更新</translation>
    </message>
    <message>
        <source>Check travel time</source>
        <translation>移動時間を確認してください</translation>
    </message>
    <message>
        <source>Waiting for the database to record the change</source>
        <translation>データベースの応答待ち：変更の記録</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Database busy</source>
        <translation>データベースが混み合っています</translation>
    </message>
    <message>
        <source>The change was not recorded</source>
        <translation>変更は記録されませんでした</translation>
    </message>
    <message>
        <source>Nothing undone</source>
        <translation>取り消す変更はありません</translation>
    </message>
    <message>
        <source>Undone: %1 back to %2</source>
        <translation>取り消しました: %1 を %2 に戻しました</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>The request could not be carried out.</source>
        <translation>要求を実行できませんでした。</translation>
    </message>
    <message>
        <source>The import was cancelled; the database was left as it was.</source>
        <translation>取込を中止しました。データベースは変更されていません。</translation>
    </message>
    <message>
        <source>The file was not found: %1</source>
        <translation>ファイルが見つかりません: %1</translation>
    </message>
    <message>
        <source>You do not have permission to open this file: %1</source>
        <translation>このファイルを開く権限がありません: %1</translation>
    </message>
    <message>
        <source>The file&apos;s characters could not be read (unknown encoding).</source>
        <translation>ファイルの文字を読み取れません（文字コードが不明です）。</translation>
    </message>
    <message>
        <source>The file could not be read or written: %1</source>
        <translation>ファイルを読み書きできませんでした: %1</translation>
    </message>
    <message>
        <source>A colleague is changing the same data and the database stayed busy too long; nothing was changed. Try again in a moment.</source>
        <translation>他の担当者が同じデータを変更中で、データベースの待ち時間を超えました。何も変更されていません。少し待ってからもう一度お試しください。</translation>
    </message>
    <message>
        <source>The database could not be reached. Check the database location in Settings.</source>
        <translation>データベースに接続できません。設定でデータベースの場所を確認してください。</translation>
    </message>
    <message>
        <source>The change conflicts with data already in the database; nothing was saved.</source>
        <translation>データベースの既存データと矛盾するため、保存しませんでした。</translation>
    </message>
    <message>
        <source>The database reported a problem; nothing was saved.</source>
        <translation>データベースでエラーが発生したため、保存しませんでした。</translation>
    </message>
    <message>
        <source>The computer ran out of memory.</source>
        <translation>メモリが不足しました。</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. Your data was not changed by this error.</source>
        <translation>予期しないエラーが発生しました。このエラーによるデータの変更はありません。</translation>
    </message>
    <message>
        <source>The log file (send it with a support request): %1</source>
        <translation>ログファイル（問い合わせの際に添付してください）：%1</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>詳細をコピー</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>予期しないエラー</translation>
    </message>
    <message>
        <source>The database did not accept this login (%1). Check the user name and password (desk login keeps the password in the system keyring).</source>
        <translation>データベースがこのログインを受け付けませんでした（%1）。ユーザー名とパスワードを確かめてください（パスワードは desk login でシステムのキーリングに保存されます）。</translation>
    </message>
    <message>
        <source>The database refused this for your login: your role may not do it (%1). Ask an administrator (desk admin set-role).</source>
        <translation>この操作はあなたのログインではデータベースに拒否されました。ロールに権限がありません（%1）。管理者に依頼してください（desk admin set-role）。</translation>
    </message>
</context>
<context>
    <name>faults</name>
    <message>
        <source>Another desk is writing to the database (%1); nothing was changed. Try again in a moment.</source>
        <translation>別の desk がデータベース（%1）に書き込み中です。何も変更していません。少し待ってからもう一度実行してください。</translation>
    </message>
    <message>
        <source>The database (%1) or its folder is read-only; nothing was changed. Ask for write access, or open a copy in a folder you can write to.</source>
        <translation>データベース（%1）またはそのフォルダーが読み取り専用です。何も変更していません。書き込み権限を依頼するか、書き込めるフォルダーにコピーして開いてください。</translation>
    </message>
    <message>
        <source>The database (%1) cannot be opened: its folder is missing, read-only or not yours.</source>
        <translation>データベース（%1）を開けません。フォルダーが存在しないか、読み取り専用か、あなたのものではありません。</translation>
    </message>
    <message>
        <source>The disk is full: nothing was changed (%1). Free some space and try again.</source>
        <translation>ディスクがいっぱいです。何も変更していません（%1）。空き容量を作ってからもう一度実行してください。</translation>
    </message>
    <message>
        <source>The disk reported an I/O error: nothing was changed (%1). Check the disk or network drive, then try again.</source>
        <translation>ディスクの読み書きエラーです。何も変更していません（%1）。ディスクまたはネットワークドライブを確認してから、もう一度実行してください。</translation>
    </message>
    <message>
        <source>The file %1 is not a desk database or is damaged. Restore it from a backup.</source>
        <translation>ファイル %1 は desk のデータベースではないか、壊れています。バックアップから戻してください。</translation>
    </message>
    <message>
        <source>The database server %1 cannot be reached. Check that it is running and the address in Settings.</source>
        <translation>データベースサーバー %1 に接続できません。サーバーが動いているか、設定の接続先を確認してください。</translation>
    </message>
    <message>
        <source>The database server %1 refused the user name or password. Check them in Settings.</source>
        <translation>データベースサーバー %1 がユーザー名またはパスワードを拒否しました。設定を確認してください。</translation>
    </message>
    <message>
        <source>The database %1 does not exist on the server. Check the name in Settings.</source>
        <translation>データベース %1 はサーバー上にありません。設定のデータベース名を確認してください。</translation>
    </message>
    <message>
        <source>The database %1 does not allow this to your account; nothing was changed. Ask an administrator.</source>
        <translation>データベース %1 はあなたのアカウントにこの操作を許可していません。何も変更していません。管理者に依頼してください。</translation>
    </message>
    <message>
        <source>The database %1 reported a problem; nothing was changed. The details are in the log file.</source>
        <translation>データベース %1 で問題が起きました。何も変更していません。詳細はログファイルにあります。</translation>
    </message>
</context>
</TS>
