import JianxiDomain
@testable import JianxiWorkbook

enum Fixtures {
    static let created = CivilDate(year: 2026, month: 10, day: 9)!

    /// Figures 1..14 from a list; the 14th in yuan.
    static func values(_ figures: [Int64?]) -> IndicatorValues {
        var values = IndicatorValues()
        for (indicator, figure) in zip(Indicator.allCases, figures) { values[indicator] = figure }
        return values
    }

    static func sum(_ rows: [IndicatorValues]) -> IndicatorValues {
        var total = IndicatorValues()
        for indicator in Indicator.allCases {
            total[indicator] = rows.reduce(Int64(0)) { $0 + ($1[indicator] ?? 0) }
        }
        return total
    }

    static let east = values([12, 3, 40, 8, 30, 25, 20, 10, 6, 5, 3, 2, 33, 123_456])
    static let west = values([7, 1, 15, 2, 9, 8, 8, 4, 3, 3, 1, 0, 12, 50_000])
    static let tricky = values([1, 0, 2, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1])

    /// Rows 7-11: two counties, one rejected (left out of the total), a label that looks like a
    /// formula, and the total over rows 7, 8 and 10.
    static var form: FormSheet {
        let rows = [
            FormRow(label: "东湖区", values: east),
            FormRow(label: "西湖区", values: west,
                    notes: [.onboarded: CellNote(severity: .error, text: "[R4] 本期实际到岗人数（8）不应小于其中离校2年内未就业高校毕业生人数（9）。"),
                            .subsidyYTD: CellNote(severity: .warning, text: "[H1] 本年累计补贴比上月减少。")]),
            FormRow(label: "青云谱区（退回）", values: values([5, 6, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil]),
                    rowNote: CellNote(severity: .error, text: "退回：第1版有错误，不计入合计，待更正后重报。")),
            FormRow(label: "=1+1", values: tricky),
            FormRow(label: "南昌市合计", values: sum([east, west, tricky]), sumOf: [0, 1, 3]),
        ]
        return FormSheet(name: "南昌市", subtitle: "2026年9月  南昌市", rows: rows,
                         footer: FormFooter(unit: "南昌市人社局", date: "2026年10月9日", reporter: "张三", phone: "0791-88888888"))
    }

    static var document: WorkbookDocument { WorkbookDocument(sheets: [.form(form)], created: created) }

    static var statusTable: TableSheet {
        TableSheet(name: "报送情况", columns: [
            .init("单位", .text), .init("状态", .text), .init("逾期工作日", .integer), .init("补贴（万元）", .amount),
            .init("留用率", .percent), .init("备注", .text, width: 30),
        ], rows: [
            [.text("东湖区"), .state("按时", .good), .integer(0), .amount(Amount(yuan: 123_456)), .percent(0.6), .text("=1+1")],
            [.text("西湖区"), .state("逾期", .late), .integer(2), .amount(Amount(yuan: 1)), .percent(0.125), .empty],
            [.text("青云谱区"), .state("未报", .missing), .empty, .empty, .empty, .text("@x")],
            [.text("湾里区"), .state("退回", .rejected), .integer(1), .amount(Amount(yuan: 0)), .percent(0), .text("-3")],
        ], frozenColumns: 1)
    }

    /// Twelve months of two series on a sheet with a Chinese name.
    static var chartData: TableSheet {
        TableSheet(name: "图表数据", columns: [.init("月份", .text), .init("在岗见习人数", .integer), .init("新增岗位", .integer)],
                   rows: (1...12).map { [.text("2026-\($0 < 10 ? "0" : "")\($0)"), .integer(Int64(100 + $0)), .integer(Int64(10 * $0))] })
    }

    static var charts: ChartSheet {
        ChartSheet(name: "趋势图", charts: [
            .init(title: "在岗见习人数", dataSheet: "图表数据", categoryColumn: 0, seriesColumns: [1], rows: 1...12, yAxisTitle: "人"),
            .init(title: "新增岗位", dataSheet: "图表数据", categoryColumn: 0, seriesColumns: [1, 2], rows: 1...12, yAxisTitle: "个"),
        ])
    }
}
