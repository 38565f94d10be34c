import JianxiDomain

/// One line chart resolved against the workbook: ranges on the data sheet's final name.
struct ChartPlan {
    struct Series { var name: String, categories: String, values: String }

    var title: String
    var yAxisTitle: String
    var series: [Series]

    /// Charts of each `.charts` sheet, by sheet index. A chart must name a table sheet of the
    /// document and stay within its columns and rows.
    static func resolve(_ document: WorkbookDocument, names: [String]) throws(WorkbookError) -> [Int: [ChartPlan]] {
        var tables: [String: (name: String, table: TableSheet)] = [:]
        for (index, sheet) in document.sheets.enumerated().reversed() {  // the first of equal names wins
            if case .table(let table) = sheet { tables[table.name] = (names[index], table) }
        }
        var plans: [Int: [ChartPlan]] = [:]
        for (index, sheet) in document.sheets.enumerated() {
            guard case .charts(let charts) = sheet else { continue }
            plans[index] = try charts.charts.map { chart throws(WorkbookError) in
                guard let (name, table) = tables[chart.dataSheet] else {
                    throw .invalid(Text(zh: "图表「\(chart.title)」的数据表「\(chart.dataSheet)」不是本工作簿中的表格工作表。",
                                        en: "The chart '\(chart.title)' uses '\(chart.dataSheet)', which is not a table sheet of this workbook."))
                }
                let columns = [chart.categoryColumn] + chart.seriesColumns
                guard !chart.seriesColumns.isEmpty, columns.allSatisfy(table.columns.indices.contains),
                      chart.rows.lowerBound >= 1, chart.rows.upperBound <= table.rows.count else {
                    throw .invalid(Text(zh: "图表「\(chart.title)」引用的列或行超出了数据表「\(chart.dataSheet)」的范围。",
                                        en: "The chart '\(chart.title)' refers to columns or rows outside the data sheet '\(chart.dataSheet)'."))
                }
                return ChartPlan(title: chart.title, yAxisTitle: chart.yAxisTitle, series: chart.seriesColumns.map { column in
                    Series(name: CellReference.range(sheet: name, rows: 0...0, column: column),
                           categories: CellReference.range(sheet: name, rows: chart.rows, column: chart.categoryColumn),
                           values: CellReference.range(sheet: name, rows: chart.rows, column: column))
                })
            }
        }
        return plans
    }

    /// Charts stacked down the sheet, 720 x 360 pixels each, one every 20 rows.
    static func write(_ plans: [ChartPlan], to sheet: XLSXWorksheet, workbook: XLSXWorkbook) throws(WorkbookError) {
        try sheet.printSetup(titleRows: nil)
        for (index, plan) in plans.enumerated() {
            let chart = try workbook.addLineChart()
            chart.setTitle(plan.title, yAxis: plan.yAxisTitle)
            for series in plan.series { try chart.addSeries(name: series.name, categories: series.categories, values: series.values) }
            try sheet.insert(chart, row: 1 + index * 20, column: 1, xScale: 1.5, yScale: 1.25)
        }
    }
}
