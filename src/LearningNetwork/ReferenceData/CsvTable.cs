using System.Text;

namespace LearningNetwork.ReferenceData;

/// <summary>
/// An RFC 4180 CSV file read whole: a header row, then records of exactly as many fields (quoted fields may
/// hold commas, doubled quotes and line breaks). Any deviation is a <see cref="ReferenceDataException"/>
/// naming the file and line.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string file, string[] header, List<(int Line, string[] Fields)> rows)
    {
        File = file;
        Header = header;
        Rows = rows;
        _columns = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
    }

    public string File { get; }
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<(int Line, string[] Fields)> Rows { get; }

    public static CsvTable Read(string path, params string[] requiredColumns)
    {
        var name = Path.GetFileName(path);
        if (!System.IO.File.Exists(path))
            throw new ReferenceDataException(path, "the file is missing");
        string text;
        try { text = System.IO.File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true)); }
        catch (DecoderFallbackException) { throw new ReferenceDataException(path, "the file is not valid UTF-8"); }

        var records = Parse(text, path);
        if (records.Count == 0) throw new ReferenceDataException(path, "the file is empty");
        var header = records[0].Fields;
        foreach (var column in requiredColumns)
            if (!header.Contains(column))
                throw new ReferenceDataException(path, $"the header lacks the column '{column}'");
        var rows = new List<(int, string[])>(records.Count - 1);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length != header.Length)
                throw new ReferenceDataException(path, $"line {line} has {fields.Length} fields where the header has {header.Length}");
            rows.Add((line, fields));
        }
        return new CsvTable(name, header, rows);
    }

    /// <summary>Index of a column, or -1.</summary>
    public int Column(string name) => _columns.TryGetValue(name, out var i) ? i : -1;

    internal static List<(int Line, string[] Fields)> Parse(string text, string path)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, i = 0;
        bool quoted = false, fieldStarted = false;
        if (text.Length > 0 && text[0] == '\uFEFF') i = 1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    quoted = true; fieldStarted = true; break;
                case '"':
                    throw new ReferenceDataException(path, $"line {line} has a quote inside an unquoted field");
                case ',':
                    fields.Add(field.ToString()); field.Clear(); fieldStarted = false; break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear(); fieldStarted = false;
                    if (!(fields.Count == 1 && fields[0].Length == 0)) records.Add((recordLine, fields.ToArray()));
                    fields.Clear(); line++; recordLine = line; break;
                default:
                    if (fieldStarted && field.Length > 0 && text[i - 1] == '"')
                        throw new ReferenceDataException(path, $"line {line} has text after a closing quote");
                    field.Append(c); fieldStarted = true; break;
            }
        }
        if (quoted) throw new ReferenceDataException(path, $"a quoted field opened at line {recordLine} is never closed");
        if (field.Length > 0 || fields.Count > 0 || fieldStarted)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields.ToArray()));
        }
        return records;
    }
}

/// <summary>A reference data file is missing or malformed: start-up stops with this message.</summary>
public sealed class ReferenceDataException(string path, string problem)
    : Exception($"Reference data file '{path}': {problem}.")
{
    public string FilePath { get; } = path;
}
