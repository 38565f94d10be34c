import JianxiConsolidate
import JianxiDomain
import JianxiRead

/// The consolidation for programs: every total with its completeness, each unit's state, and
/// the reconciliation of cities' own totals.
public enum ConsolidationReport {
    public static func json(_ c: Consolidation) -> String {
        func figures(_ values: IndicatorValues) -> JSONValue {
            .record(Indicator.allCases.map { ($0.key, values.display($0).map(JSONValue.number) ?? .null) })
        }
        func total(_ t: Consolidation.Total) -> JSONValue {
            .record([
                ("region_code", .string(t.region.code)), ("region_name", .string(t.region.name)),
                ("indicators", figures(t.values)), ("reported", .number(String(t.reported))), ("expected", .number(String(t.expected))),
                ("complete", .bool(t.isComplete)), ("completeness", .string(t.completeness.zh)),
                ("missing", .list(t.missing.map { .string($0.code) })), ("rejected", .list(t.rejected.map { .string($0.code) })),
            ])
        }
        return JSONWriter.write(.record([
            ("period", .string(c.period.description)),
            ("provinces", .list(c.provinces.map(total))),
            ("cities", .list(c.cities.map(total))),
            ("units", .list(c.units.map { u in
                .record([("region_code", .string(u.region.code)), ("region_name", .string(u.region.name)),
                         ("state", .string(u.state.rawValue)), ("revision", u.current.map { .number(String($0.revision)) } ?? .null)])
            })),
            ("reconciliations", .list(c.reconciliations.map { r in
                .record([
                    ("city_code", .string(r.city.code)), ("revision", .number(String(r.revision))), ("accepted", .bool(r.accepted)),
                    ("counties_complete", .bool(r.summed.isComplete)),
                    ("differences", .list(r.differences.map { d in
                        let show = { (v: Int64) in d.indicator.kind == .amount ? Amount(yuan: v).description : String(v) }
                        return .record([("indicator", .string(d.indicator.key)), ("city_reported", d.reported.map { .number(show($0)) } ?? .null),
                                        ("sum_of_counties", .number(show(d.summed)))])
                    })),
                ])
            })),
        ]), pretty: true)
    }
}
