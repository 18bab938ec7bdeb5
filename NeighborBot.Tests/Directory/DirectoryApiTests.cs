using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeighborBot.Api.Admin;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Directory;

/// <summary><c>/api/admin/directory</c> through the real host on real Redis.</summary>
public sealed class DirectoryApiTests : IClassFixture<DirectoryApiTests.Host>
{
    /// <summary>
    /// Each test here puts a directory of its own over whatever the previous one left, so the removal
    /// guard is off (1 never asks); DirectoryChangesApiTests tests it with the default setting.
    /// </summary>
    public sealed class Host : NeighborBotFactory
    {
        public Host() => With("Directory:MaxRemovalShare", "1");
    }

    /// <summary>The example of interfaces.md, with a second household and a mediator.</summary>
    public const string Example = """
        {
          "communities": [{ "id": "gaoyang", "name": "高阳社区" }],
          "grids": [{ "id": "g1", "community": "gaoyang", "name": "第一网格", "buildings": [1, 2, 3] }],
          "households": [
            { "id": "3-2-501", "building": 3, "unit": 2, "room": "501", "tags": ["elderly60", "living-alone"] },
            { "id": "1-1-101", "building": 1, "unit": 1, "room": "101", "tags": ["low-lying"] }
          ],
          "people": [
            { "id": "w1", "name": "张伟", "phone": "13800000001", "openid": "o_w1", "roles": ["grid-worker"], "grids": ["g1"] },
            { "id": "l1", "name": "李娜", "phone": "13800000002", "openid": "o_l1", "roles": ["grid-leader"], "grids": ["g1"] },
            { "id": "s1", "name": "王强", "phone": "13800000003", "openid": "o_s1", "roles": ["secretary"] },
            { "id": "p1", "name": "赵敏", "phone": "13800000004", "openid": "o_p1", "roles": ["department"], "department": "物业" },
            { "id": "m1", "name": "陈静", "openid": "o_m1", "roles": ["mediator"] },
            { "id": "v1", "name": "刘洋", "phone": "13800000005", "openid": "o_v1", "roles": ["volunteer"], "households": ["3-2-501"] }
          ]
        }
        """;

    private readonly Host _host;
    private readonly HttpClient _admin;

    public DirectoryApiTests(Host host)
    {
        _host = host;
        _admin = host.CreateClient();
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
    }

    private Task<HttpResponseMessage> PutJson(string json) =>
        _admin.PutAsync("/api/admin/directory", new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PutCsv(string csv) => PutCsv(Encoding.UTF8.GetBytes(csv));

    private Task<HttpResponseMessage> PutCsv(byte[] csv) =>
        _admin.PutAsync("/api/admin/directory/households", new ByteArrayContent(csv) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } });

    private async Task<JsonNode> GetJson() => JsonNode.Parse(await _admin.GetStringAsync("/api/admin/directory"))!;

    private static async Task<List<string>> Errors(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        return [.. JsonNode.Parse(body)!["errors"]!.AsArray().Select(e => e!.GetValue<string>())];
    }

    private static JsonNode Canonical(string json) => JsonNode.Parse(json)!;

    [Fact]
    public async Task A_directory_put_as_json_is_returned_by_get_in_the_same_shape()
    {
        var put = await PutJson(Example);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;
        Assert.True(saved["revision"]!.GetValue<long>() > 0);
        Assert.Equal(1, saved["communities"]!.GetValue<int>());
        Assert.Equal(1, saved["grids"]!.GetValue<int>());
        Assert.Equal(2, saved["households"]!.GetValue<int>());
        Assert.Equal(6, saved["people"]!.GetValue<int>());

        var exported = await _admin.GetAsync("/api/admin/directory");
        var text = await exported.Content.ReadAsStringAsync();
        Assert.Equal("application/json", exported.Content.Headers.ContentType?.MediaType);
        Assert.Contains("高阳社区", text, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(Canonical(Example), JsonNode.Parse(text)), text);
    }

    [Fact]
    public async Task The_json_may_have_any_field_order_comments_trailing_commas_and_numbers_in_quotes()
    {
        var response = await PutJson("""
            {
              // hand-written
              "people": [ { "roles": ["grid-worker"], "grids": ["g1"], "openId": "o_w1", "name": " 张伟 ", "id": "w1" } ],
              "households": [ { "tags": [], "room": "501", "unit": "2", "building": "3", "id": "3-2-501" } ],
              "grids": [ { "buildings": [3], "name": "第一网格", "community": "gaoyang", "id": "g1", } ],
              "communities": [ { "name": "高阳社区", "id": "gaoyang" } ],
            }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var exported = await GetJson();
        var person = exported["people"]![0]!;
        Assert.Equal("o_w1", person["openid"]!.GetValue<string>());
        Assert.Equal("张伟", person["name"]!.GetValue<string>());
        Assert.Equal(2, exported["households"]![0]!["unit"]!.GetValue<int>());
    }

    [Fact]
    public async Task Json_saved_by_notepad_with_a_byte_order_mark_is_accepted()
    {
        var body = new ByteArrayContent([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Example)]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _admin.PutAsync("/api/admin/directory", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_problem_is_reported_together_and_nothing_changes()
    {
        Assert.Equal(HttpStatusCode.OK, (await PutJson(Example)).StatusCode);
        var before = await _admin.GetStringAsync("/api/admin/directory");

        var errors = await Errors(await PutJson("""
            {
              "communities": [{ "id": "gaoyang", "name": "" }],
              "grids": [
                { "id": "g1", "community": "gaoyang", "name": "第一网格", "buildings": [1, 2, 3] },
                { "id": "G1", "community": "xinhe", "name": "第二网格", "buildings": [3, -4] }
              ],
              "households": [
                { "id": "3-2-501", "building": 3, "unit": 2, "room": "501", "tags": ["Elderly"] },
                { "id": "3-2-502", "building": 3, "unit": 0, "room": "" },
                { "id": "9-1-101", "building": 9, "unit": 1, "room": "101" },
                { "id": "3-2-501", "building": 3, "unit": 2, "room": "501" },
                null
              ],
              "people": [
                { "id": "w1", "name": "张伟", "phone": "1380000", "openid": "o_w1", "roles": ["grid-worker"] },
                { "id": "w1", "name": "", "openid": "o_w1", "roles": ["janitor"], "grids": ["g9"] },
                { "id": "p1", "name": "赵敏", "roles": ["department"] },
                { "id": "v1", "name": "刘洋", "roles": ["volunteer"], "households": ["8-8-808"] },
                { "id": "r1", "name": "孙浩", "roles": [] }
              ]
            }
            """));

        Assert.Equal(
            [
                "communities[0] (gaoyang): name is missing",
                "grids[1]: id 'G1' appears more than once",
                "grids[1] (G1): community 'xinhe' is not in communities",
                "grids[1] (G1): building 3 is already in grid 'g1'",
                "grids[1] (G1): building -4 is not a positive number",
                "households[3]: id '3-2-501' appears more than once",
                "households[4]: id is missing",
                "households[0] (3-2-501): tag 'Elderly' may hold only lowercase letters, digits and '-'",
                "households[1] (3-2-502): unit must be a positive number",
                "households[1] (3-2-502): room is missing",
                "households[2] (9-1-101): building 9 is in no grid",
                "households[3] (3-2-501): another household is already at 3-2-501",
                "households[4]: building must be a positive number",
                "households[4]: unit must be a positive number",
                "households[4]: room is missing",
                "people[1]: id 'w1' appears more than once",
                "people[0] (w1): phone '1380000' is not an 11-digit mobile number",
                "people[0] (w1): a grid worker or grid leader needs grids",
                "people[1] (w1): name is missing",
                "people[1] (w1): openid 'o_w1' belongs to another person too",
                "people[1] (w1): role 'janitor' is unknown (known: grid-worker, grid-leader, secretary, department, mediator, volunteer, party-member, resident)",
                "people[1] (w1): grid 'g9' is not in grids",
                "people[2] (p1): the department role needs department (物业, 派出所, 司法所, ...)",
                "people[3] (v1): household '8-8-808' is not in households",
                "people[4] (r1): roles is empty",
            ],
            errors);
        Assert.Equal(before, await _admin.GetStringAsync("/api/admin/directory"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"communities\": [")]
    [InlineData("{\"households\": [{\"id\": \"3-2-501\", \"building\": \"three\"}]}")]
    [InlineData("{\"grids\": {\"id\": \"g1\"}}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Malformed_json_is_a_plain_bad_request_and_changes_nothing(string body)
    {
        Assert.Equal(HttpStatusCode.OK, (await PutJson(Example)).StatusCode);
        var before = await _admin.GetStringAsync("/api/admin/directory");

        var error = Assert.Single(await Errors(await PutJson(body)));

        Assert.StartsWith("The body is", error, StringComparison.Ordinal);
        Assert.Equal(before, await _admin.GetStringAsync("/api/admin/directory"));
    }

    [Fact]
    public async Task A_json_error_says_where_it_is()
    {
        var error = Assert.Single(await Errors(await PutJson("{\n  \"households\": [\n    {\"id\": \"3-2-501\", \"building\": \"three\"}\n  ]\n}")));

        Assert.Contains("line 3", error, StringComparison.Ordinal);
        Assert.Contains("households[0].building", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_in_the_json_is_a_plain_bad_request()
    {
        var body = new ByteArrayContent([.. "{\"communities\": [{\"id\": \""u8, 0xFF, 0xFE, .. "\"}]}"u8]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var error = Assert.Single(await Errors(await _admin.PutAsync("/api/admin/directory", body)));

        Assert.StartsWith("The body is", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/admin/directory")]
    [InlineData("/api/admin/directory/households")]
    public async Task A_body_over_five_mebibytes_is_refused_as_too_large(string path)
    {
        var huge = new byte[(5 * 1024 * 1024) + 1];
        Array.Fill(huge, (byte)' ');

        var announced = await _admin.PutAsync(path, new ByteArrayContent(huge));
        var streamed = await _admin.PutAsync(path, new UnannouncedContent(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, announced.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Contains("larger than 5 MiB", await announced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_import_replaces_the_households_only_and_round_trips_through_the_export()
    {
        Assert.Equal(HttpStatusCode.OK, (await PutJson(Example)).StatusCode);
        var before = await GetJson();

        // As Excel writes it: a byte-order mark, CRLF, quoted values, blank lines at the end.
        var csv = "\uFEFFid,building,unit,room,tags\r\n"
            + "3-2-501,3,2,501,elderly60;living-alone\r\n"
            + "\"2-1-101\",2,1,\"101\",\"low-lying;elderly60\"\r\n"
            + "2-1-102,2,1,102,\r\n"
            + "\r\n\r\n";
        var put = await PutCsv(csv);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(3, JsonNode.Parse(await put.Content.ReadAsStringAsync())!["households"]!.GetValue<int>());
        var after = await GetJson();
        Assert.True(JsonNode.DeepEquals(before["people"], after["people"]));
        Assert.True(JsonNode.DeepEquals(before["grids"], after["grids"]));
        Assert.True(JsonNode.DeepEquals(before["communities"], after["communities"]));
        Assert.Equal(["3-2-501", "2-1-101", "2-1-102"], after["households"]!.AsArray().Select(h => h!["id"]!.GetValue<string>()));
        Assert.Equal(["low-lying", "elderly60"], after["households"]![1]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var export = await _admin.GetAsync("/api/admin/directory/households");
        var exported = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "\uFEFFid,building,unit,room,tags\r\n3-2-501,3,2,501,elderly60;living-alone\r\n2-1-101,2,1,101,low-lying;elderly60\r\n2-1-102,2,1,102,\r\n",
            Encoding.UTF8.GetString(exported));

        Assert.Equal(HttpStatusCode.OK, (await PutCsv(exported)).StatusCode);
        Assert.Equal(exported, await _admin.GetByteArrayAsync("/api/admin/directory/households"));
        Assert.True(JsonNode.DeepEquals(after, await GetJson()));
    }

    [Fact]
    public async Task Csv_errors_carry_line_numbers_and_nothing_is_half_imported()
    {
        Assert.Equal(HttpStatusCode.OK, (await PutJson(Example)).StatusCode);
        var before = await _admin.GetStringAsync("/api/admin/directory");

        var errors = await Errors(await PutCsv("id,building,unit,room,tags\n3-2-501,3,2,501,elderly60\n1-1-101,1,1,101,\n2-1-101,2,x,101,\n2-1-102,2,1,,\n"));

        Assert.Equal(["line 4 (2-1-101): unit must be a positive number", "line 5 (2-1-102): room is missing"], errors);
        Assert.Equal(before, await _admin.GetStringAsync("/api/admin/directory"));
    }

    [Fact]
    public async Task A_csv_that_removes_a_volunteers_household_is_refused()
    {
        Assert.Equal(HttpStatusCode.OK, (await PutJson(Example)).StatusCode);
        var before = await _admin.GetStringAsync("/api/admin/directory");

        var errors = await Errors(await PutCsv("id,building,unit,room,tags\r\n1-1-101,1,1,101,low-lying\r\n"));

        Assert.Equal(["people[5] (v1): household '3-2-501' is not in households"], errors);
        Assert.Equal(before, await _admin.GetStringAsync("/api/admin/directory"));
    }

    [Theory]
    [InlineData("id,building,unit,room,tags\r\n\"3-2-501,3,2,501,\r\n", "line 2: a quoted value is not closed")]
    [InlineData("3-2-501,3,2,501,elderly60\r\n", "line 1: the first line must be the header id,building,unit,room,tags")]
    [InlineData("", "the CSV is empty")]
    public async Task Malformed_csv_is_a_plain_bad_request(string csv, string expected)
    {
        var error = Assert.Single(await Errors(await PutCsv(csv)));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_garbage_as_csv_is_a_plain_bad_request()
    {
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 256)).ToArray();

        var errors = await Errors(await PutCsv(garbage));

        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task The_export_of_an_empty_directory_is_the_header_alone()
    {
        using var host = new NeighborBotFactory();
        var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);

        var csv = await admin.GetStringAsync("/api/admin/directory/households");
        var json = JsonNode.Parse(await admin.GetStringAsync("/api/admin/directory"))!;

        Assert.Equal("id,building,unit,room,tags\r\n", csv.TrimStart('\uFEFF'));
        Assert.Empty(json["households"]!.AsArray());
        Assert.Empty(json["people"]!.AsArray());
    }

    [Theory]
    [InlineData("GET", "/api/admin/directory")]
    [InlineData("PUT", "/api/admin/directory")]
    [InlineData("GET", "/api/admin/directory/households")]
    [InlineData("PUT", "/api/admin/directory/households")]
    public async Task The_directory_routes_refuse_requests_without_the_key(string method, string path)
    {
        using var none = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(Example, Encoding.UTF8, "application/json") };
        using var wrong = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(Example, Encoding.UTF8, "application/json") };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-key-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.CreateClient().SendAsync(none)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.CreateClient().SendAsync(wrong)).StatusCode);
    }

    /// <summary>A body sent without Content-Length (chunked), so that the limit is checked while reading.</summary>
    private sealed class UnannouncedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
