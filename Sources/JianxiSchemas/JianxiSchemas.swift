// The constants of this module are generated from Schemas/ by the EmbedSchemas plugin:
// BuiltinSchemas.regionsCSV, BuiltinSchemas.calendarCSV, BuiltinSchemas.rulesJSON.
