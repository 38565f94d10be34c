import JianxiSchemas
print(BuiltinSchemas.regionsCSV.count)
