using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NeighborBot.Api.Directory;
using NeighborBot.Directory;

namespace NeighborBot.Tests.Directory;

/// <summary>
/// Reading the directory JSON: every unknown field and every missing section is named with its path,
/// and the known fields are those of the records, nothing else.
/// </summary>
public sealed class DirectoryJsonTests
{
    private static IReadOnlyList<string> Problems(string json)
    {
        var read = DirectoryJson.ReadDirectory(Encoding.UTF8.GetBytes(json));
        Assert.False(read.Succeeded);
        Assert.Null(read.Value);
        return read.Problems;
    }

    [Fact]
    public void An_empty_object_names_every_missing_section()
    {
        Assert.Equal(
            [
                "communities: required field is missing (send [] when there are none)",
                "grids: required field is missing (send [] when there are none)",
                "households: required field is missing (send [] when there are none)",
                "people: required field is missing (send [] when there are none)",
            ],
            Problems("{}"));
    }

    [Fact]
    public void An_unknown_top_level_field_is_named_beside_the_missing_sections()
    {
        var problems = Problems("""{"unknown": 1}""");

        Assert.Equal("unknown: unknown field", problems[0]);
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void A_section_that_is_null_counts_as_missing()
    {
        Assert.Equal(
            ["households: required field is missing (send [] when there are none)"],
            Problems("""{"communities": [], "grids": [], "households": null, "people": []}"""));
    }

    [Fact]
    public void Every_unknown_field_inside_entries_is_named_by_its_path_in_document_order()
    {
        var problems = Problems("""
            {
              "version": 2,
              "communities": [{ "id": "gaoyang", "name": "高阳社区", "city": "郑州" }],
              "grids": [{ "id": "g1", "community": "gaoyang", "name": "一", "buildings": [1], "leader": "l1" }],
              "households": [
                { "id": "1-1-101", "building": 1, "unit": 1, "room": "101" },
                { "id": "1-1-102", "building": 1, "unit": 1, "room": "102", "floor": 1, "tag": "elderly60" }
              ],
              "people": [
                { "id": "w1", "name": "张伟", "roles": ["grid-worker"], "grids": ["g1"] },
                { "id": "w2", "name": "李娜", "roles": ["grid-worker"], "grids": ["g1"] },
                { "id": "w3", "name": "王强", "roles": ["grid-worker"], "grids": ["g1"] },
                { "id": "w4", "name": "赵敏", "opnid": "o_w4", "roles": ["grid-worker"], "grids": ["g1"] }
              ]
            }
            """);

        Assert.Equal(
            [
                "version: unknown field",
                "communities[0].city: unknown field",
                "grids[0].leader: unknown field",
                "households[1].floor: unknown field",
                "households[1].tag: unknown field",
                "people[3].opnid: unknown field",
            ],
            problems);
    }

    [Fact]
    public void Field_names_match_as_the_serializer_matches_them_ignoring_case_and_with_openid_spelled_as_interfaces_md_does()
    {
        var read = DirectoryJson.ReadDirectory("""
            {"Communities": [], "GRIDS": [], "households": [], "people": [{ "ID": "w1", "Name": "张伟", "OpenId": "o_1", "roles": [] }]}
            """u8);

        Assert.True(read.Succeeded, string.Join("; ", read.Problems));
        Assert.Equal("o_1", read.Value.People[0].OpenId);
    }

    [Fact]
    public void The_fields_interfaces_md_lists_are_accepted_and_kept()
    {
        var read = DirectoryJson.ReadDirectory("""
            {
              "communities": [], "grids": [], "households": [],
              "people": [{ "id": "m1", "name": "陈静", "roles": ["mediator"], "specialties": ["noise", "pets"], "hours": ["Tue 09:00-11:30"] }],
              "groups": [{ "bridge": "wechaty", "id": "R:10696051", "name": "3号楼住户群", "grid": "g1" }]
            }
            """u8);

        Assert.True(read.Succeeded, string.Join("; ", read.Problems));
        Assert.Equal(["noise", "pets"], read.Value.People[0].Specialties);
        Assert.Equal(["Tue 09:00-11:30"], read.Value.People[0].Hours);
        Assert.Equal(("wechaty", "R:10696051", "g1"), (read.Value.Groups[0].Bridge, read.Value.Groups[0].Id, read.Value.Groups[0].Grid));

        var written = JsonSerializer.Serialize(read.Value, DirectoryJson.Document);
        Assert.Contains("\"specialties\"", written, StringComparison.Ordinal);
        Assert.Contains("\"groups\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_optional_lists_are_left_out_when_written()
    {
        var read = DirectoryJson.ReadDirectory("""{"communities": [], "grids": [], "households": [], "people": [{ "id": "s1", "name": "王强", "roles": ["secretary"] }]}"""u8);

        var written = JsonSerializer.Serialize(read.Value!, DirectoryJson.Document);

        Assert.DoesNotContain("\"groups\"", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\"specialties\"", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\"hours\"", written, StringComparison.Ordinal);
        Assert.Contains("\"roles\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_value_is_named_by_its_line_before_fields_are_counted()
    {
        var problems = Problems("{\n\"people\": [],\n\"households\": [{\"building\": \"three\", \"x\": 1}]\n}");

        var problem = Assert.Single(problems);
        Assert.StartsWith("The body is not a valid directory in JSON: look at line 3", problem, StringComparison.Ordinal);
        Assert.Contains("households[0].building", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_household_or_person_is_checked_against_its_own_record()
    {
        var household = DirectoryJson.ReadHousehold("""{"building": 3, "unit": 2, "room": "501", "tagz": ["elderly60"]}"""u8);
        var person = DirectoryJson.ReadPerson("""{"name": "张伟", "roles": ["grid-worker"], "grids": ["g1"], "phone ": "13800000001"}"""u8);
        var good = DirectoryJson.ReadHousehold("""{"room": " 501 ", "unit": "2", "building": 3}"""u8);

        Assert.Equal(["tagz: unknown field"], household.Problems);
        Assert.Equal(["phone : unknown field"], person.Problems);
        Assert.True(good.Succeeded);
        Assert.Equal("501", good.Value.Room);
        Assert.Empty(good.Value.Tags);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{")]
    public void A_body_that_is_no_entry_at_all_is_one_plain_problem(string json)
    {
        var read = DirectoryJson.ReadPerson(Encoding.UTF8.GetBytes(json));

        Assert.StartsWith("The body is", Assert.Single(read.Problems), StringComparison.Ordinal);
    }

    /// <summary>The check knows nothing of the directory: a record's properties are its fields.</summary>
    public sealed record Sample
    {
        [JsonRequired]
        public List<Entry> Entries { get; init; } = [];

        public string? Note { get; init; }
    }

    public sealed record Entry
    {
        public string Id { get; init; } = string.Empty;

        [JsonRequired]
        public int Size { get; init; }
    }

    [Fact]
    public void Known_fields_come_from_the_type_so_a_new_property_is_a_new_field()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        using var json = JsonDocument.Parse("""{"note": "n", "entries": [{"id": "a", "size": 1}, {"id": "b", "colour": "red"}], "extra": true}""");

        var problems = JsonContract.Check(json.RootElement, options.GetTypeInfo(typeof(Sample)));

        Assert.Equal(["entries[1].colour: unknown field", "entries[1].size: required field is missing", "extra: unknown field"], problems);
    }

    [Fact]
    public void Where_the_contract_skips_unmapped_members_nothing_is_unknown()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        using var json = JsonDocument.Parse("""{"entries": [{"size": 1, "colour": "red"}], "extra": true}""");

        Assert.Empty(JsonContract.Check(json.RootElement, options.GetTypeInfo(typeof(Sample))));
    }

    [Fact]
    public void The_sample_directory_passes_the_contract()
    {
        var path = Path.Combine(AppContext.BaseDirectory, DemoDirectory.RelativePath);

        var read = DirectoryJson.ReadDirectory(File.ReadAllBytes(path));

        Assert.True(read.Succeeded, string.Join("; ", read.Problems));
    }

    [Fact]
    public void A_public_place_names_a_grid_that_exists_and_no_name_twice()
    {
        var doc = new DirectoryDocument
        {
            Communities = [new Community { Id = "c", Name = "高阳社区" }],
            Grids = [new Grid { Id = "g1", Community = "c", Name = "一", Buildings = [1] }],
            Places =
            [
                new PublicPlace { Name = "东门", Aliases = ["小区东门"], Grid = "g1" },
                new PublicPlace { Name = "小区东门", Grid = "g9" },
            ],
        };

        var problems = DirectoryValidator.Validate(doc);

        Assert.Contains(problems, p => p.Contains("'小区东门' names another place too", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("grid 'g9' is not in grids", StringComparison.Ordinal));
        Assert.Equal("g1", new DirectorySnapshot(doc, 1).GridOfPlace("小区东门")?.Id);
        Assert.Equal("东门", new DirectorySnapshot(doc, 1).PlaceIn("就在小区东门那边")?.Name);
    }
}
