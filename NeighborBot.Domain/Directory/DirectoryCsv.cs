using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace NeighborBot.Directory;

/// <summary>
/// Households as CSV (shared/design/interfaces.md): the header <c>id,building,unit,room,tags</c>, tags
/// separated by <c>;</c>; the Chinese headers 编号, 楼号, 单元, 房号, 标签, 联系人, 电话, 备注 are read too. Reads what spreadsheets write: a UTF-8 or UTF-16 byte-order mark, GB18030 from
/// Excel on Chinese Windows, CRLF, LF or CR, quoted fields (RFC 4180), columns in any order, blank lines.
/// Writes RFC 4180 with CRLF, which reads back to the same households.
/// </summary>
public static class DirectoryCsv
{
    public const string Header = "id,building,unit,room,tags";

    private const int Gb18030CodePage = 54936;
    private static readonly string[] Required = ["id", "building", "unit", "room"];
    private static readonly string[] Optional = ["tags", "contact", "phone", "note"];

    /// <summary>The Chinese headers a community's own sheet uses, read as the columns they name.</summary>
    private static readonly Dictionary<string, string> ChineseHeaders = new(StringComparer.Ordinal)
    {
        ["编号"] = "id", ["户号"] = "id", ["楼号"] = "building", ["楼栋"] = "building", ["单元"] = "unit", ["房号"] = "room", ["门牌号"] = "room",
        ["标签"] = "tags", ["联系人"] = "contact", ["电话"] = "phone", ["联系电话"] = "phone", ["备注"] = "note",
    };

    /// <summary>The column a header names: one of <see cref="Header"/>'s, <c>contact,phone,note</c>, or its Chinese name (楼号, 单元, 房号, ...).</summary>
    public static string ColumnOf(string header) => ChineseHeaders.GetValueOrDefault(header.Trim(), header.Trim());

    /// <summary>Tags are written with ';'; the full-width '；', '、' and a quoted ',' are read too.</summary>
    private static readonly char[] TagSeparators = [';', '；', '、', ',', '，'];

    /// <summary>The text of an uploaded file: by its byte-order mark, else UTF-8 when valid, else GB18030 (GBK).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        if (Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        // "CSV (逗号分隔)" from Excel on Chinese Windows is in the ANSI code page, GBK, which GB18030 contains.
        var gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(Gb18030CodePage) ?? Encoding.UTF8;
        return gb18030.GetString(bytes);
    }

    /// <summary>
    /// The directory with its households replaced by the CSV's, and every problem of the rows and of the
    /// directory after the change (a volunteer paired with a household that is gone), rows named by line.
    /// The document is to be stored only when there are no problems.
    /// </summary>
    public static HouseholdImport ImportHouseholds(DirectoryDocument current, string csv)
    {
        var records = ReadRecords(csv, out var malformed);
        if (malformed is not null)
        {
            return new HouseholdImport(current, [malformed]);
        }

        var rows = records.Where(r => !r.Fields.All(string.IsNullOrWhiteSpace)).ToList();
        if (rows.Count == 0)
        {
            return new HouseholdImport(current, [$"the CSV is empty: the first line must be the header {Header}"]);
        }

        var header = rows[0];
        var problems = new List<string>();
        var columns = ReadHeader(header, problems);
        if (problems.Count > 0)
        {
            return new HouseholdImport(current, problems);
        }

        var households = new List<Household>(rows.Count - 1);
        var lines = new List<int>(rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            string Field(string column) =>
                columns.TryGetValue(column, out var index) && index < row.Fields.Count ? row.Fields[index].Trim() : string.Empty;

            var id = Field("id");
            var extra = row.Fields.Skip(header.Fields.Count).Count(f => !string.IsNullOrWhiteSpace(f));
            if (extra > 0)
            {
                problems.Add($"line {row.Line} ({id}): {header.Fields.Count + extra} values but the header names {header.Fields.Count} columns; put a value that holds ',' in double quotes");
            }

            households.Add(new Household
            {
                Id = id,
                Building = Number(Field("building")),
                Unit = Number(Field("unit")),
                Room = Field("room"),
                Tags = [.. Field("tags").Split(TagSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)],
                Contact = OrNull(Field("contact")),
                Phone = OrNull(Field("phone")),
                Note = OrNull(Field("note")),
            });
            lines.Add(row.Line);
        }

        var document = current with { Households = households };
        problems.AddRange(DirectoryValidator.Validate(document, i => $"line {lines[i]}"));

        // In the order of the file (stable, so a line's problems keep theirs), then the rest of the directory's.
        return new HouseholdImport(document, [.. problems.OrderBy(LineOf)]);
    }

    /// <summary>
    /// The households as CSV with the header, CRLF line ends and no byte-order mark; the columns
    /// <c>contact,phone,note</c> follow when some household has one.
    /// </summary>
    public static string WriteHouseholds(IEnumerable<Household> households)
    {
        var list = households.ToList();
        var people = list.Any(h => h.Contact is not null || h.Phone is not null || h.Note is not null);
        var csv = new StringBuilder(Header).Append(people ? ",contact,phone,note\r\n" : "\r\n");
        foreach (var h in list)
        {
            string[] fields = [h.Id, h.Building.ToString(CultureInfo.InvariantCulture), h.Unit.ToString(CultureInfo.InvariantCulture), h.Room, string.Join(';', h.Tags)];
            WriteRecord(csv, people ? [.. fields, h.Contact ?? string.Empty, h.Phone ?? string.Empty, h.Note ?? string.Empty] : fields);
        }

        return csv.ToString();
    }

    private static string? OrNull(string field) => field.Length == 0 ? null : field;

    /// <summary>Appends one record and CRLF; a field is quoted when it holds a comma, a quote, a line break or edge spaces.</summary>
    public static void WriteRecord(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var field = fields[i] ?? string.Empty;
            var quote = field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1])));
            if (quote)
            {
                csv.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                csv.Append(field);
            }
        }

        csv.Append("\r\n");
    }

    /// <summary>
    /// RFC 4180 records, each with the line it starts on (1-based). Lenient where spreadsheets are: any
    /// line end, a quote inside an unquoted field is kept as it is. A blank line is a record with one empty
    /// field. <paramref name="problem"/> names the line of a quoted field that is never closed.
    /// </summary>
    public static List<CsvRecord> ReadRecords(string text, out string? problem)
    {
        problem = null;
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        int line = 1, recordLine = 1, quoteLine = 0;
        bool quoted = false, fieldStarted = false;

        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    quoteLine = line;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    fields.Add(field.ToString());
                    records.Add(new CsvRecord(recordLine, [.. fields]));
                    fields.Clear();
                    field.Clear();
                    fieldStarted = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }

        if (quoted)
        {
            problem = $"line {quoteLine}: a quoted value is not closed (a '\"' is missing)";
        }

        if (fieldStarted || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRecord(recordLine, [.. fields]));
        }

        return records;
    }

    private static Dictionary<string, int> ReadHeader(CsvRecord header, List<string> problems)
    {
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = ColumnOf(header.Fields[i]);
            if (Required.Contains(name, StringComparer.OrdinalIgnoreCase) || Optional.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                if (!columns.TryAdd(name, i))
                {
                    problems.Add($"line {header.Line}: the header names the column '{name}' twice");
                }
            }
        }

        var missing = Required.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"line {header.Line}: the first line must be the header {Header} (missing: {string.Join(", ", missing)})");
        }

        return columns;
    }

    /// <summary>The line a problem names ("line 14 (3-2-501): ..."); problems of other entries come last.</summary>
    private static int LineOf(string problem)
    {
        if (!problem.StartsWith("line ", StringComparison.Ordinal))
        {
            return int.MaxValue;
        }

        var digits = problem.AsSpan(5);
        var end = digits.IndexOfAnyExceptInRange('0', '9');
        return int.TryParse(end < 0 ? digits : digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var line) ? line : int.MaxValue;
    }

    /// <summary>A whole number, or 0 (which validation reports as not positive) for anything else.</summary>
    private static int Number(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;
}

/// <summary>One CSV record and the line it starts on.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>The directory after a households import, and every problem; store it only when there are none.</summary>
public sealed record HouseholdImport(DirectoryDocument Document, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}
