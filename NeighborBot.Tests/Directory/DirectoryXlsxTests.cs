using MiniExcelLibs;
using NeighborBot.Api.Directory;
using NeighborBot.Directory;

namespace NeighborBot.Tests.Directory;

public sealed class DirectoryXlsxTests
{
    private static readonly DirectoryDocument Community = new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids = [new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3] }],
        Households = [],
        People = [],
    };

    [Fact]
    public void Households_written_to_a_workbook_read_back_as_the_same_households()
    {
        List<Household> households =
        [
            new() { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly60", "living-alone"], Contact = "王秀英", Phone = "13800138000", Note = "耳背，敲门要用力" },
            new() { Id = "1-1-0102", Building = 1, Unit = 1, Room = "0102" },
        ];

        var csv = DirectoryXlsx.ReadAsCsv(new MemoryStream(DirectoryXlsx.WriteHouseholds(households)), out var problem);

        Assert.Null(problem);
        var import = DirectoryCsv.ImportHouseholds(Community, csv!);
        Assert.Empty(import.Problems);
        Assert.Equal(new HouseholdChanges(0, 0, 0, 2), HouseholdChanges.Between(households, import.Document.Households));
    }

    [Fact]
    public void A_sheet_with_chinese_headers_in_another_order_is_read()
    {
        var csv = DirectoryXlsx.ReadAsCsv(Workbook(
            ["房号", "楼号", "单元", "编号", "联系人", "电话", "标签", "备注"],
            ["501", 3, 2, "3-2-501", "王秀英", 13800138000, "elderly60；living-alone", "耳背"]), out _);

        var import = DirectoryCsv.ImportHouseholds(Community, csv!);

        Assert.Empty(import.Problems);
        var h = Assert.Single(import.Document.Households);
        Assert.Equal(("3-2-501", 3, 2, "501", "王秀英", "13800138000", "耳背"), (h.Id, h.Building, h.Unit, h.Room, h.Contact, h.Phone, h.Note));
        Assert.Equal(["elderly60", "living-alone"], h.Tags);
    }

    [Fact]
    public void A_bad_row_is_named_by_the_row_excel_shows()
    {
        var csv = DirectoryXlsx.ReadAsCsv(Workbook(
            ["id", "building", "unit", "room"],
            ["3-2-501", 3, 2, "501"],
            ["3-2-502", "三", 2, "502"]), out _);

        var import = DirectoryCsv.ImportHouseholds(Community, csv!);

        var problem = Assert.Single(import.Problems);
        Assert.StartsWith("line 3 (3-2-502): ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_refused_with_a_reason()
    {
        Assert.Null(DirectoryXlsx.ReadAsCsv(new MemoryStream("PK\u0003\u0004 not a zip"u8.ToArray()), out var problem));
        Assert.Contains("not an Excel workbook", problem, StringComparison.Ordinal);
    }

    /// <summary>A workbook whose first sheet holds these rows, the first one the header, as a community's own sheet would.</summary>
    internal static MemoryStream Workbook(params object[][] rows)
    {
        var stream = new MemoryStream();
        stream.SaveAs(rows.Select(r => r.Select((v, i) => (Key: ((char)('A' + i)).ToString(), v)).ToDictionary(x => x.Key, x => x.v)).ToList(), printHeader: false);
        stream.Position = 0;
        return stream;
    }
}
