/// Every finding the tool makes outside the rules file, documented once: its severity, a title
/// and what to do. `jianxi codes` prints this catalogue; messages come from the code that finds.
public enum FindingCode: String, CaseIterable, Sendable {
    // The file as a whole.
    case fileUnreadable = "E_FILE_UNREADABLE"
    case fileEmpty = "E_FILE_EMPTY"
    case notText = "E_NOT_TEXT"
    case unknownFormat = "E_UNKNOWN_FORMAT"
    case csvUnterminatedQuote = "E_CSV_UNTERMINATED_QUOTE"
    case jsonSyntax = "E_JSON_SYNTAX"
    case jsonShape = "E_JSON_SHAPE"
    case noReturns = "E_NO_RETURNS"
    // Columns (CSV headers, JSON fields).
    case columnUnknown = "E_COLUMN_UNKNOWN"
    case columnMissing = "E_COLUMN_MISSING"
    case columnDuplicate = "E_COLUMN_DUPLICATE"
    case columnAmbiguous = "E_COLUMN_AMBIGUOUS"
    case columnMismatch = "E_COLUMN_MISMATCH"
    case rowWidth = "E_ROW_WIDTH"
    case encoding = "E_ENCODING"
    // Cells.
    case empty = "E_EMPTY"
    case notNumber = "E_NOT_NUMBER"
    case negative = "E_NEGATIVE"
    case notInteger = "E_NOT_INTEGER"
    case tooManyDecimals = "E_TOO_MANY_DECIMALS"
    case tooLarge = "E_TOO_LARGE"
    case periodFormat = "E_PERIOD_FORMAT"
    case dateFormat = "E_DATE_FORMAT"
    // The return.
    case regionUnknown = "E_REGION_UNKNOWN"
    case regionNameMismatch = "E_REGION_NAME_MISMATCH"
    case notReportingUnit = "E_NOT_REPORTING_UNIT"
    case periodNotEnded = "E_PERIOD_NOT_ENDED"
    case submittedBeforePeriodEnd = "E_SUBMITTED_BEFORE_PERIOD_END"
    case submittedInFuture = "E_SUBMITTED_IN_FUTURE"
    case duplicateReturn = "E_DUPLICATE_RETURN"
    case late = "W_LATE"
    case calendarFallback = "W_CALENDAR_FALLBACK"
    case submittedOnMissing = "W_SUBMITTED_ON_MISSING"
    case reporterMissing = "W_REPORTER_MISSING"
    case phoneMissing = "W_PHONE_MISSING"
    case phoneFormat = "W_PHONE_FORMAT"
    case explanationFormat = "W_EXPLANATION_FORMAT"
    case scopeFormat = "E_SCOPE_FORMAT"
    case notConsolidatingUnit = "E_NOT_CONSOLIDATING_UNIT"
    case explanationNotApplicable = "I_EXPLANATION_NOT_APPLICABLE"

    public var severity: Severity {
        switch rawValue.prefix(2) {
        case "W_": .warning
        case "I_": .info
        default: .error
        }
    }

    public var title: Text {
        switch self {
        case .fileUnreadable: Text(zh: "文件无法读取", en: "file cannot be read")
        case .fileEmpty: Text(zh: "文件为空", en: "file is empty")
        case .notText: Text(zh: "不是文本文件", en: "not a text file")
        case .unknownFormat: Text(zh: "无法识别的文件格式", en: "unrecognised file format")
        case .csvUnterminatedQuote: Text(zh: "引号未闭合（文件可能不完整）", en: "unterminated quote (file may be truncated)")
        case .jsonSyntax: Text(zh: "JSON语法错误", en: "JSON syntax error")
        case .jsonShape: Text(zh: "JSON结构不是报表", en: "JSON is not a return")
        case .noReturns: Text(zh: "文件中没有报表数据", en: "no returns in the file")
        case .columnUnknown: Text(zh: "无法识别的列", en: "unknown column")
        case .columnMissing: Text(zh: "缺少必需的列", en: "required column missing")
        case .columnDuplicate: Text(zh: "列重复", en: "duplicated column")
        case .columnAmbiguous: Text(zh: "列名有歧义", en: "ambiguous column")
        case .columnMismatch: Text(zh: "列的序号与名称不一致", en: "column number and name disagree")
        case .rowWidth: Text(zh: "行的单元格数与表头不符", en: "row has a different number of cells than the header")
        case .encoding: Text(zh: "文字编码无法识别", en: "text encoding not recognised")
        case .empty: Text(zh: "必填单元格为空", en: "required cell is empty")
        case .notNumber: Text(zh: "不是数字", en: "not a number")
        case .negative: Text(zh: "数值为负", en: "negative value")
        case .notInteger: Text(zh: "人数、个数必须是整数", en: "count is not a whole number")
        case .tooManyDecimals: Text(zh: "金额超过4位小数", en: "amount has more than 4 decimals")
        case .tooLarge: Text(zh: "数值过大", en: "value too large")
        case .periodFormat: Text(zh: "统计期格式不对", en: "period not recognised")
        case .dateFormat: Text(zh: "日期格式不对", en: "date not recognised")
        case .regionUnknown: Text(zh: "行政区划代码不存在", en: "unknown region code")
        case .regionNameMismatch: Text(zh: "填报单位与区划代码不符", en: "region name does not match the code")
        case .notReportingUnit: Text(zh: "该区划不单独填报", en: "not a reporting unit")
        case .periodNotEnded: Text(zh: "统计期尚未结束", en: "period has not ended")
        case .submittedBeforePeriodEnd: Text(zh: "填报时间早于统计期结束", en: "submitted before the period ended")
        case .submittedInFuture: Text(zh: "填报时间晚于今天", en: "submitted date is in the future")
        case .duplicateReturn: Text(zh: "同一单位同一统计期重复填报", en: "duplicate return for region and period")
        case .late: Text(zh: "逾期报送", en: "late")
        case .calendarFallback: Text(zh: "节假日安排未收录，按周一至周五计算", en: "holiday calendar missing, Monday-Friday assumed")
        case .submittedOnMissing: Text(zh: "未填填报时间", en: "no submission date")
        case .reporterMissing: Text(zh: "未填填报人", en: "no reporter")
        case .phoneMissing: Text(zh: "未填联系电话", en: "no phone number")
        case .phoneFormat: Text(zh: "联系电话格式可疑", en: "phone number looks wrong")
        case .explanationFormat: Text(zh: "说明的格式不对", en: "explanations not readable")
        case .explanationNotApplicable: Text(zh: "说明不适用", en: "explanation does not apply")
        case .scopeFormat: Text(zh: "范围写法不对", en: "scope not recognised")
        case .notConsolidatingUnit: Text(zh: "该区划没有下级，不报汇总表", en: "no units below: not a consolidating unit")
        }
    }

    public var hint: Text {
        switch self {
        case .fileUnreadable: Text(zh: "检查文件是否存在、是否有读取权限。", en: "Check that the file exists and can be read.")
        case .fileEmpty: Text(zh: "文件没有内容。请用 jianxi template 生成模板，填写后重新保存。", en: "The file has no content. Start from `jianxi template`, fill it in and save again.")
        case .notText: Text(zh: "请提交CSV或JSON文本文件；Excel工作簿请“另存为”CSV。", en: "Send a CSV or JSON text file; save Excel workbooks as CSV.")
        case .unknownFormat: Text(zh: "文件扩展名应为 .csv 或 .json。", en: "Name the file .csv or .json.")
        case .csvUnterminatedQuote: Text(zh: "某个单元格以引号开头却没有结束引号，文件可能被截断。请重新导出完整的文件。", en: "A quoted cell never ends; the file may be cut short. Export the whole file again.")
        case .jsonSyntax: Text(zh: "按提示的行列修正JSON语法（括号、逗号、引号）。", en: "Fix the JSON syntax (brackets, commas, quotes) at the line and column given.")
        case .jsonShape: Text(zh: "JSON应为一个报表对象或报表对象数组，格式见 Schemas/return.schema.json。", en: "JSON must be one return object or an array of them; see Schemas/return.schema.json.")
        case .noReturns: Text(zh: "文件只有表头，没有数据行。请填入本单位的数据。", en: "The file has a header but no data rows. Fill in your figures.")
        case .columnUnknown: Text(zh: "删除该列，或把表头改为 jianxi template 中的列名。", en: "Remove the column or rename it as in `jianxi template`.")
        case .columnMissing: Text(zh: "补上该列。可用 jianxi template 生成带全部列的模板。", en: "Add the column; `jianxi template` writes all of them.")
        case .columnDuplicate: Text(zh: "同一指标只能出现一列，删除多余的列。", en: "Each field may appear once; remove the extra column.")
        case .columnAmbiguous: Text(zh: "在列名前加上指标序号，如“7.其中：离校2年内未就业高校毕业生人数”。", en: "Put the indicator number before the header, e.g. \"7.其中：离校2年内未就业高校毕业生人数\".")
        case .columnMismatch: Text(zh: "列可能错位。核对该列的序号和名称，使其与表样一致。", en: "The columns may be shifted. Make the number and the name agree with the form.")
        case .rowWidth: Text(zh: "该行单元格多于或少于表头，可能有多余的逗号或缺少单元格。", en: "The row has more or fewer cells than the header: a stray comma or a missing cell.")
        case .encoding: Text(zh: "请以UTF-8或GBK（Excel默认的“CSV”）编码保存文件。", en: "Save the file as UTF-8 or GBK (Excel's default CSV on Chinese Windows).")
        case .empty: Text(zh: "填写该单元格；没有发生的填0。", en: "Fill in the cell; write 0 where nothing happened.")
        case .notNumber: Text(zh: "只填阿拉伯数字，不要填文字、单位或符号；没有发生的填0。", en: "Write digits only, no words, units or symbols; write 0 where nothing happened.")
        case .negative: Text(zh: "指标不能为负数，请核实后填写实际数。", en: "Indicators cannot be negative; write the actual figure.")
        case .notInteger: Text(zh: "指标1-13是个数或人数，请填整数。", en: "Indicators 1-13 count units or persons: write a whole number.")
        case .tooManyDecimals: Text(zh: "指标14以万元为单位，最多保留4位小数（即精确到元）。", en: "Indicator 14 is in 10,000 yuan with at most 4 decimals (to the yuan).")
        case .tooLarge: Text(zh: "数值超出合理范围，请核实是否多输了数字或单位。", en: "The value is out of any plausible range; check for extra digits or a wrong unit.")
        case .periodFormat: Text(zh: "统计期写成 2024-03、202403 或 2024年3月。", en: "Write the period as 2024-03, 202403 or 2024年3月.")
        case .dateFormat: Text(zh: "日期写成 2024-04-03、2024/4/3 或 2024年4月3日。", en: "Write dates as 2024-04-03, 2024/4/3 or 2024年4月3日.")
        case .regionUnknown: Text(zh: "填写本单位的6位行政区划代码（jianxi regions 可查）。", en: "Write your unit's 6-digit division code (see `jianxi regions`).")
        case .regionNameMismatch: Text(zh: "核对行政区划代码和填报单位名称，其中一个填错了。", en: "Check the code and the name: one of them is wrong.")
        case .notReportingUnit: Text(zh: "本表由县级单位填报，设区市和省的数据由系统汇总生成；设区市自报的汇总数请标明 scope 为 total（汇总），用于表间审核。", en: "Returns come from county-level units; city and province totals are consolidated by the tool. A city's own total must say scope: total, for reconciliation.")
        case .periodNotEnded: Text(zh: "统计期结束后才能填报，请核对统计期。", en: "A month can be reported only after it ends; check the period.")
        case .submittedBeforePeriodEnd: Text(zh: "填报时间应在统计期结束之后，请核对统计期和填报时间。", en: "The return is filled in after its month ends; check the period and the date.")
        case .submittedInFuture: Text(zh: "填报时间不能晚于今天，请核对日期。", en: "The date cannot be after today; check it.")
        case .duplicateReturn: Text(zh: "同一单位每个统计期只报一份；删除重复的行，更正数据请重新报送整份报表。", en: "Send one return per unit and month; remove the duplicate row, and send a whole new return to correct one.")
        case .late: Text(zh: "报表应于次月前5个工作日内报送，请尽快报送并说明原因。", en: "Returns are due within the first 5 working days of the next month; send it now and explain the delay.")
        case .calendarFallback: Text(zh: "用 --calendar 提供该年的节假日安排（格式见 Schemas/calendar.schema.json）。", en: "Give that year's holiday schedule with --calendar (format in Schemas/calendar.schema.json).")
        case .submittedOnMissing: Text(zh: "填写填报时间；未填时按今天判断是否逾期。", en: "Fill in the date; without it lateness is judged against today.")
        case .reporterMissing: Text(zh: "填写填报人姓名，以便核实数据。", en: "Name the person who filled in the return, so figures can be queried.")
        case .phoneMissing: Text(zh: "填写联系电话，以便核实数据和催报。", en: "Give a phone number for queries and reminders.")
        case .phoneFormat: Text(zh: "联系电话应为手机号或带区号的座机号，如 0791-86383274。", en: "Give a mobile number or a landline with area code, e.g. 0791-86383274.")
        case .explanationFormat: Text(zh: "说明写成“规则编号：说明文字”，多条用分号隔开，如“H1：9月退回多拨补贴2.5万元”。", en: "Write explanations as \"RULE: text\", separated by semicolons, e.g. \"H1: 25,000 yuan overpaid in August was returned\".")
        case .explanationNotApplicable: Text(zh: "说明只用于提示性审核（警告）；错误必须更正，不能用说明代替。", en: "Explanations are for warnings only; an error must be corrected, not explained.")
        case .scopeFormat: Text(zh: "范围（scope）填 total 或“汇总”表示本市自报的汇总数，县级报表留空。", en: "Write total (or 汇总) in scope for a city's own consolidated return; leave it empty in a county's.")
        case .notConsolidatingUnit: Text(zh: "只有下辖县区的设区市可以报汇总表（scope: total）；县级单位报本级数据，请去掉 total。", en: "Only a city with counties sends a consolidated return (scope: total); a county reports its own figures without it.")
        }
    }
}
