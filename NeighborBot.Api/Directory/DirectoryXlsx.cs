using System.Globalization;
using System.Text;
using MiniExcelLibs;
using NeighborBot.Directory;

namespace NeighborBot.Api.Directory;

/// <summary>
/// Households as an Excel workbook (.xlsx), the same columns as <see cref="DirectoryCsv"/>: the first sheet's
/// first row is the header (<c>id,building,unit,room,tags,contact,phone,note</c> or 编号, 楼号, 单元, 房号, 标签,
/// 联系人, 电话, 备注). A workbook is read into the CSV the import reads, one line per row of the sheet, so a
/// problem names the row Excel shows.
/// </summary>
internal static class DirectoryXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The headers written, in Chinese, as the community's staff read them; they read back as the CSV's columns.</summary>
    public static readonly string[] Headers = ["编号", "楼号", "单元", "房号", "标签", "联系人", "电话", "备注"];

    /// <summary>A .xlsx file starts as every zip file does.</summary>
    public static bool IsWorkbook(ReadOnlySpan<byte> bytes) => bytes.StartsWith("PK\u0003\u0004"u8);

    public static byte[] WriteHouseholds(IEnumerable<Household> households)
    {
        var rows = households.Select(h => new Dictionary<string, object?>
        {
            [Headers[0]] = h.Id,
            [Headers[1]] = h.Building,
            [Headers[2]] = h.Unit,
            [Headers[3]] = h.Room,
            [Headers[4]] = string.Join(';', h.Tags),
            [Headers[5]] = h.Contact ?? string.Empty,
            [Headers[6]] = h.Phone ?? string.Empty,
            [Headers[7]] = h.Note ?? string.Empty,
        }).ToList();
        if (rows.Count == 0)
        {
            // The header comes from the first row's keys; a blank row is skipped when read back.
            rows.Add(Headers.ToDictionary(h => h, _ => (object?)string.Empty));
        }

        using var stream = new MemoryStream();
        stream.SaveAs(rows);
        return stream.ToArray();
    }

    /// <summary>
    /// The first sheet as CSV text, row N of the sheet on line N (an empty row stays an empty line); null with
    /// <paramref name="problem"/> when the file is not a workbook that can be read.
    /// </summary>
    public static string? ReadAsCsv(Stream xlsx, out string? problem)
    {
        problem = null;
        var csv = new StringBuilder();
        try
        {
            foreach (IDictionary<string, object?> row in xlsx.Query(useHeaderRow: false))
            {
                DirectoryCsv.WriteRecord(csv, [.. row.Values.Select(Text)]);
            }
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or FormatException or System.Xml.XmlException)
        {
            problem = "the file is not an Excel workbook (.xlsx) that can be read: " + e.Message;
            return null;
        }

        return csv.ToString();
    }

    /// <summary>A cell as the CSV would hold it: numbers as written (3, 13800138000), a line break within a cell as a space.</summary>
    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string s => s.ReplaceLineEndings(" "),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
