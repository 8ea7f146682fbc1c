using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace LearningNetwork.Data;

/// <summary>
/// Inserts many rows (reference data: some 200,000) through multi-row INSERT statements on the context's
/// connection and current transaction, bypassing change tracking. Table and column names, and value
/// conversions, come from the EF model, so the same code serves SQLite and PostgreSQL.
/// </summary>
internal static class BulkInsert
{
    public static async Task InsertAsync<T>(LearningNetworkDb db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never && p.PropertyInfo is not null).ToList();
        var columns = string.Join(", ", properties.Select(p => Quote(p.GetColumnName(table)!)));
        var batchSize = Math.Max(1, Math.Min(500, 30_000 / properties.Count));

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("BulkInsert runs inside a transaction.");
        if (db.Database.IsSqlite())
        {
            // SQLite runs in-process: one prepared single-row statement is fastest.
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {Quote(table.Name)} ({columns}) VALUES ({string.Join(", ", properties.Select((_, c) => $"@p{c}"))})";
            var parameters = properties.Select((p, c) => Parameter(command, $"@p{c}", p, rows[0])).ToArray();
            command.Parameters.AddRange(parameters);
            command.Prepare();
            foreach (var row in rows)
            {
                for (var c = 0; c < properties.Count; c++) parameters[c].Value = Value(properties[c], row);
                await command.ExecuteNonQueryAsync(ct);
            }
            return;
        }

        // A server: few round trips, many rows each.
        for (var start = 0; start < rows.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, rows.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO {Quote(table.Name)} ({columns}) VALUES ");
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < properties.Count; c++)
                {
                    var name = $"@p{r}_{c}";
                    sql.Append(c == 0 ? name : ", " + name);
                    command.Parameters.Add(Parameter(command, name, properties[c], rows[start + r]));
                }
                sql.Append(')');
            }
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbParameter Parameter(DbCommand command, string name, IProperty property, object row)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = Value(property, row);
        return parameter;
    }

    private static object Value(IProperty property, object row)
    {
        var value = property.PropertyInfo!.GetValue(row);
        var converter = property.GetValueConverter() ?? property.GetTypeMapping().Converter;
        if (value is not null && converter is not null) value = converter.ConvertToProvider(value);
        return value ?? DBNull.Value;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
