using System.Text;
using NeighborBot.Conversations;
using NeighborBot.Directory;

namespace NeighborBot.Tests.Directory;

/// <summary>The households CSV: what spreadsheets write is read, what is written reads back the same.</summary>
public sealed class DirectoryCsvTests
{
    private static DirectoryDocument Community(params Person[] people) => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids = [new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4] }],
        Households = [new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly60"] }],
        People = [.. people],
    };

    private static List<string[]> Fields(string text)
    {
        var records = DirectoryCsv.ReadRecords(text, out var problem);
        Assert.Null(problem);
        return [.. records.Select(r => r.Fields.ToArray())];
    }

    [Fact]
    public void Quoted_fields_hold_commas_quotes_and_line_breaks()
    {
        var records = DirectoryCsv.ReadRecords("a,\"b,c\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nnext,,\"\"\r\n", out var problem);

        Assert.Null(problem);
        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b,c", "say \"hi\"", "two\r\nlines"], records[0].Fields);
        Assert.Equal(1, records[0].Line);
        Assert.Equal(["next", "", ""], records[1].Fields);
        Assert.Equal(3, records[1].Line);
    }

    [Theory]
    [InlineData("a,b\r\nc,d\r\n")]
    [InlineData("a,b\nc,d\n")]
    [InlineData("a,b\rc,d\r")]
    [InlineData("a,b\r\nc,d")]
    [InlineData("\uFEFFa,b\r\nc,d\r\n")]
    public void Any_line_end_and_a_byte_order_mark_read_the_same(string text)
    {
        Assert.Equal([["a", "b"], ["c", "d"]], Fields(text));
    }

    [Fact]
    public void A_quote_that_is_never_closed_names_its_line()
    {
        DirectoryCsv.ReadRecords("id,building\r\n1-1-101,1\r\n\"1-1-102,1\r\n1-1-201,1\r\n", out var problem);

        Assert.Equal("line 3: a quoted value is not closed (a '\"' is missing)", problem);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_value_is_kept_as_it_is()
    {
        Assert.Equal([["5\"", "a\"b"]], Fields("5\",a\"b"));
    }

    [Fact]
    public void Written_records_read_back_the_same()
    {
        string[][] tricky = [["plain", "", " edge ", "a,b", "\"q\"", "line\nbreak", "商铺1", "x\r\ny"], ["=1+2", "-3", "@x", "'", ";", "\t"]];
        var csv = new StringBuilder();
        foreach (var record in tricky)
        {
            DirectoryCsv.WriteRecord(csv, record);
        }

        Assert.Equal(tricky.Select(r => r.ToList()), Fields(csv.ToString()).Select(r => r.ToList()));
    }

    [Fact]
    public void Households_are_written_with_the_header_and_read_back_the_same()
    {
        List<Household> households =
        [
            new() { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly60", "living-alone"] },
            new() { Id = "1-1-101", Building = 1, Unit = 1, Room = "101" },
            new() { Id = "商铺,东", Building = 2, Unit = 1, Room = "商铺\"1\"", Tags = ["low-lying"] },
        ];

        var csv = DirectoryCsv.WriteHouseholds(households);
        var import = DirectoryCsv.ImportHouseholds(Community(), csv);

        Assert.StartsWith(DirectoryCsv.Header + "\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("3-2-501,3,2,501,elderly60;living-alone\r\n", csv, StringComparison.Ordinal);
        Assert.Empty(import.Problems);
        Assert.Equal(households.Select(Describe), import.Document.Households.Select(Describe));
    }

    [Fact]
    public void Columns_may_come_in_any_order_and_unknown_columns_are_ignored()
    {
        var import = DirectoryCsv.ImportHouseholds(Community(), " Room ,ID,Building,remark,Unit,TAGS\n501,3-2-501,3,王阿姨,2, elderly60 ； living-alone \n");

        Assert.Empty(import.Problems);
        var home = Assert.Single(import.Document.Households);
        Assert.Equal("3-2-501 3 2 501 elderly60|living-alone", Describe(home));
    }

    [Fact]
    public void Who_lives_there_their_phone_and_a_note_for_visitors_are_written_and_read_back()
    {
        List<Household> households =
        [
            new() { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["living-alone"], Contact = "王秀英", Phone = "13900000001", Note = "耳背，敲门要用力" },
            new() { Id = "1-1-101", Building = 1, Unit = 1, Room = "101" },
        ];

        var csv = DirectoryCsv.WriteHouseholds(households);
        var import = DirectoryCsv.ImportHouseholds(Community(), csv);

        Assert.StartsWith(DirectoryCsv.Header + ",contact,phone,note\r\n", csv, StringComparison.Ordinal);
        Assert.Empty(import.Problems);
        Assert.Equal(households, import.Document.Households, (a, b) => Describe(a) == Describe(b) && a.Contact == b.Contact && a.Phone == b.Phone && a.Note == b.Note);
        Assert.Null(import.Document.Households[1].Contact);
    }

    [Fact]
    public void The_tags_column_is_optional_and_blank_lines_are_skipped()
    {
        var import = DirectoryCsv.ImportHouseholds(Community(), "\r\nid,building,unit,room\r\n\r\n1-1-101,1,1,101\r\n,,,\r\n\r\n\r\n");

        Assert.Empty(import.Problems);
        Assert.Equal("1-1-101 1 1 101 ", Describe(Assert.Single(import.Document.Households)));
    }

    [Fact]
    public void Every_row_problem_is_named_by_its_line()
    {
        var csv = """
            id,building,unit,room,tags
            1-1-101,1,1,101,
            3-2-501,3,x,501,elderly60
            1-1-102,1,1,,
            9-1-101,9,1,101,
            1-1-101,1,1,103,Elderly
            1-1-104,1,1,104,a,b
            """;

        var problems = DirectoryCsv.ImportHouseholds(Community(), csv).Problems;

        Assert.Equal(
            [
                "line 3 (3-2-501): unit must be a positive number",
                "line 4 (1-1-102): room is missing",
                "line 5 (9-1-101): building 9 is in no grid",
                "line 6: id '1-1-101' appears more than once",
                "line 6 (1-1-101): tag 'Elderly' may hold only lowercase letters, digits and '-'",
                "line 7 (1-1-104): 6 values but the header names 5 columns; put a value that holds ',' in double quotes",
            ],
            problems);
    }

    [Fact]
    public void Removing_a_household_that_a_volunteer_is_paired_with_is_a_problem()
    {
        var volunteer = new Person { Id = "v1", Name = "刘洋", Roles = [Role.Volunteer], Households = ["3-2-501"] };

        var import = DirectoryCsv.ImportHouseholds(Community(volunteer), "id,building,unit,room,tags\r\n1-1-101,1,1,101,\r\n");

        Assert.Equal(["people[0] (v1): household '3-2-501' is not in households"], import.Problems);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("1-1-101,1,1,101,")]
    [InlineData("{\"households\": []}")]
    public void Without_the_header_the_import_says_what_the_first_line_must_be(string csv)
    {
        var problem = Assert.Single(DirectoryCsv.ImportHouseholds(Community(), csv).Problems);

        Assert.Contains(DirectoryCsv.Header, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_with_or_without_a_byte_order_mark_and_utf16_are_decoded()
    {
        const string text = "id,building,unit,room,tags\r\n商铺1,1,1,101,\r\n";

        Assert.Equal(text, DirectoryCsv.Decode(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(text, DirectoryCsv.Decode([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)]));
        Assert.Equal(text, DirectoryCsv.Decode([.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(text)]));
        Assert.Equal(text, DirectoryCsv.Decode([.. Encoding.BigEndianUnicode.Preamble, .. Encoding.BigEndianUnicode.GetBytes(text)]));
    }

    [Fact]
    public void Gbk_from_excel_on_chinese_windows_is_decoded()
    {
        const string text = "id,building,unit,room,tags\r\n商铺1,1,1,一楼东,\r\n";
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding(936)!.GetBytes(text);

        Assert.Equal(text, DirectoryCsv.Decode(gbk));
    }

    private static string Describe(Household h) => $"{h.Id} {h.Building} {h.Unit} {h.Room} {string.Join('|', h.Tags)}";
}
