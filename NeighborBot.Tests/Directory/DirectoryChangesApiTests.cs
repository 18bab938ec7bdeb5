using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using NeighborBot.Api.Admin;
using NeighborBot.Directory;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Directory;

/// <summary>
/// Guarded imports, single households and people, and revisions, through the real host on real Redis
/// with the default settings. Each test has a host (and key prefix) of its own, so none sees another's directory.
/// </summary>
public sealed class DirectoryChangesApiTests
{
    /// <summary>One grid over buildings 1-9, ten homes in building 1, five people; the volunteer is paired with 1-1-101.</summary>
    private static JsonObject Community(int households = 10, int people = 5)
    {
        var homes = new JsonArray([.. Enumerable.Range(1, households).Select(i => (JsonNode)Home(i))]);
        JsonNode[] staff =
        [
            JsonNode.Parse("""{ "id": "w1", "name": "张伟", "openid": "o_w1", "roles": ["grid-worker"], "grids": ["g1"] }""")!,
            JsonNode.Parse("""{ "id": "v1", "name": "刘洋", "roles": ["volunteer"], "households": ["1-1-101"] }""")!,
            JsonNode.Parse("""{ "id": "s1", "name": "王强", "roles": ["secretary"] }""")!,
            JsonNode.Parse("""{ "id": "p1", "name": "赵敏", "roles": ["department"], "department": "物业" }""")!,
            JsonNode.Parse("""{ "id": "m1", "name": "陈静", "roles": ["mediator"] }""")!,
        ];
        return new JsonObject
        {
            ["communities"] = JsonNode.Parse("""[{ "id": "gaoyang", "name": "高阳社区" }]"""),
            ["grids"] = JsonNode.Parse("""[{ "id": "g1", "community": "gaoyang", "name": "第一网格", "buildings": [1, 2, 3, 4, 5, 6, 7, 8, 9] }]"""),
            ["households"] = homes,
            ["people"] = new JsonArray([.. staff.Take(people)]),
        };
    }

    private static JsonObject Home(int i) => new()
    {
        ["id"] = $"1-1-{100 + i}",
        ["building"] = 1,
        ["unit"] = 1,
        ["room"] = $"{100 + i}",
        ["tags"] = new JsonArray(),
    };

    private static string Csv(IEnumerable<int> homes) =>
        "id,building,unit,room,tags\r\n" + string.Concat(homes.Select(i => $"1-1-{100 + i},1,1,{100 + i},\r\n"));

    private static HttpClient Admin(NeighborBotFactory host)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> Put(HttpClient admin, string path, string json) => admin.PutAsync(path, Json(json));

    private static Task<HttpResponseMessage> PutCsv(HttpClient admin, string csv, string query = "") =>
        admin.PutAsync("/api/admin/directory/households" + query, new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static async Task<JsonNode> Body(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {text}");
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return JsonNode.Parse(text)!;
    }

    private static async Task<List<string>> Errors(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest) =>
        [.. (await Body(response, expected))["errors"]!.AsArray().Select(e => e!.GetValue<string>())];

    private static async Task<long> Revision(HttpResponseMessage response) => (await Body(response, HttpStatusCode.OK))["revision"]!.GetValue<long>();

    private static async Task<JsonNode> Directory(HttpClient admin) => JsonNode.Parse(await admin.GetStringAsync("/api/admin/directory"))!;

    private static async Task<List<string>> HouseholdIds(HttpClient admin) =>
        [.. (await Directory(admin))["households"]!.AsArray().Select(h => h!["id"]!.GetValue<string>())];

    private static async Task<JsonArray> Revisions(HttpClient admin) => JsonNode.Parse(await admin.GetStringAsync("/api/admin/directory/revisions"))!.AsArray();

    /// <summary>An admin client of the host, and the revision of the community it was given.</summary>
    private static async Task<(HttpClient Admin, long Revision)> StartWithCommunityAsync(NeighborBotFactory host)
    {
        var admin = Admin(host);
        var revision = await Revision(await Put(admin, "/api/admin/directory", Community().ToJsonString()));
        return (admin, revision);
    }

    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    public async Task An_empty_object_wipes_nothing_and_names_every_missing_section(string environment)
    {
        using var host = new NeighborBotFactory(environment: environment);
        var admin = Admin(host);
        await Revision(await Put(admin, "/api/admin/directory", Community().ToJsonString()));
        var before = await admin.GetStringAsync("/api/admin/directory");

        var empty = await Errors(await Put(admin, "/api/admin/directory", "{}"));
        var unknown = await Errors(await Put(admin, "/api/admin/directory", """{"unknown": 1}"""));

        Assert.Equal(
            [
                "communities: required field is missing (send [] when there are none)",
                "grids: required field is missing (send [] when there are none)",
                "households: required field is missing (send [] when there are none)",
                "people: required field is missing (send [] when there are none)",
            ],
            empty);
        Assert.Equal(["unknown: unknown field", .. empty], unknown);
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/directory"));
    }

    [Fact]
    public async Task Unknown_fields_inside_entries_are_each_named_by_their_path_and_nothing_changes()
    {
        using var host = new NeighborBotFactory();
        var (admin, _) = await StartWithCommunityAsync(host);
        var before = await admin.GetStringAsync("/api/admin/directory");
        var community = Community();
        community["people"]![3]!["opnid"] = "o_p1";
        community["households"]![0]!["floor"] = 1;
        community["grids"]![0]!["leader"] = "l1";

        var errors = await Errors(await Put(admin, "/api/admin/directory", community.ToJsonString()));

        Assert.Equal(["grids[0].leader: unknown field", "households[0].floor: unknown field", "people[3].opnid: unknown field"], errors);
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/directory"));
    }

    [Fact]
    public async Task An_empty_directory_over_a_full_one_waits_for_confirmation_and_says_how_many_would_go()
    {
        using var host = new NeighborBotFactory();
        var (admin, revision) = await StartWithCommunityAsync(host);
        var before = await admin.GetStringAsync("/api/admin/directory");

        var refused = await Body(await Put(admin, "/api/admin/directory", """{"communities": [], "grids": [], "households": [], "people": []}"""), HttpStatusCode.BadRequest);

        Assert.True(refused["needsConfirmation"]!.GetValue<bool>());
        Assert.Equal(
            [
                "households: this would remove 10 of the 10 households (100%), more than the 20% allowed at once (Directory:MaxRemovalShare)",
                "people: this would remove 5 of the 5 people (100%), more than the 20% allowed at once (Directory:MaxRemovalShare)",
                "Nothing changed. If that is what you mean, send the same request again with ?confirm=true.",
            ],
            refused["errors"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/directory"));

        var confirmed = await Put(admin, "/api/admin/directory?confirm=true", """{"communities": [], "grids": [], "households": [], "people": []}""");

        Assert.Equal(revision + 1, await Revision(confirmed));
        Assert.Empty(await HouseholdIds(admin));
    }

    [Fact]
    public async Task An_import_removing_a_fifth_or_less_goes_through_and_one_removing_more_people_does_not()
    {
        using var host = new NeighborBotFactory();
        var (admin, _) = await StartWithCommunityAsync(host);

        var fewerHomes = await Put(admin, "/api/admin/directory", Community(households: 8).ToJsonString());
        var fewerPeople = await Errors(await Put(admin, "/api/admin/directory", Community(households: 8, people: 3).ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, fewerHomes.StatusCode);
        Assert.Equal("people: this would remove 2 of the 5 people (40%), more than the 20% allowed at once (Directory:MaxRemovalShare)", fewerPeople[0]);
        Assert.Equal(2, fewerPeople.Count);
    }

    [Fact]
    public async Task A_csv_import_that_drops_most_households_waits_for_confirmation()
    {
        using var host = new NeighborBotFactory();
        var (admin, _) = await StartWithCommunityAsync(host);

        var refused = await Errors(await PutCsv(admin, Csv(Enumerable.Range(1, 3))));
        Assert.StartsWith("households: this would remove 7 of the 10 households (70%)", refused[0], StringComparison.Ordinal);
        Assert.Equal(10, (await HouseholdIds(admin)).Count);

        Assert.Equal(HttpStatusCode.OK, (await PutCsv(admin, Csv(Enumerable.Range(1, 3)), "?confirm=true")).StatusCode);
        Assert.Equal(["1-1-101", "1-1-102", "1-1-103"], await HouseholdIds(admin));
    }

    [Theory]
    [InlineData("/api/admin/directory?confirm=yes")]
    [InlineData("/api/admin/directory/households?confirm=1")]
    public async Task A_confirm_that_is_not_true_or_false_is_a_plain_bad_request(string path)
    {
        using var host = new NeighborBotFactory();

        var errors = await Errors(await Admin(host).PutAsync(path, Json("{}")));

        Assert.Equal(["confirm must be true or false."], errors);
    }

    [Fact]
    public async Task Every_change_is_a_revision_listed_newest_first_with_what_changed_it()
    {
        using var host = new NeighborBotFactory();
        var (admin, first) = await StartWithCommunityAsync(host);

        await Revision(await PutCsv(admin, Csv(Enumerable.Range(1, 12))));
        await Revision(await Put(admin, "/api/admin/directory/households/1-1-102", """{"building": 1, "unit": 1, "room": "102", "tags": ["elderly60"]}"""));
        await Revision(await admin.DeleteAsync("/api/admin/directory/people/m1"));

        var revisions = await Revisions(admin);

        Assert.Equal(
            [(first + 3, "person m1 removed"), (first + 2, "household 1-1-102 changed"), (first + 1, "csv import"), (first, "json import")],
            revisions.Select(r => (r!["revision"]!.GetValue<long>(), r["change"]!.GetValue<string>())));
        Assert.Equal((1, 1, 12, 4), (revisions[0]!["communities"]!.GetValue<int>(), revisions[0]!["grids"]!.GetValue<int>(),
            revisions[0]!["households"]!.GetValue<int>(), revisions[0]!["people"]!.GetValue<int>()));
        Assert.All(revisions, r => Assert.True(r!["at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task A_restore_brings_an_earlier_revision_back_as_a_new_revision_without_confirmation()
    {
        using var host = new NeighborBotFactory();
        var (admin, first) = await StartWithCommunityAsync(host);
        var original = await admin.GetStringAsync("/api/admin/directory");
        await Revision(await Put(admin, "/api/admin/directory?confirm=true", Community(households: 1, people: 2).ToJsonString()));

        var restored = await admin.PostAsync($"/api/admin/directory/revisions/{first}/restore", null);

        Assert.Equal(first + 2, await Revision(restored));
        Assert.Equal(original, await admin.GetStringAsync("/api/admin/directory"));
        Assert.Equal($"revision {first} restored", (await Revisions(admin))[0]!["change"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restoring_a_revision_that_is_not_kept_is_not_found()
    {
        using var host = new NeighborBotFactory();
        var (admin, first) = await StartWithCommunityAsync(host);

        var errors = await Errors(await admin.PostAsync($"/api/admin/directory/revisions/{first + 5}/restore", null), HttpStatusCode.NotFound);
        var word = await admin.PostAsync("/api/admin/directory/revisions/latest/restore", null);

        Assert.StartsWith($"Revision {first + 5} is not kept", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, word.StatusCode);
        Assert.Single(await Revisions(admin));
    }

    [Fact]
    public async Task Only_the_configured_number_of_revisions_is_kept()
    {
        using var host = new NeighborBotFactory().With("Directory:KeepRevisions", "3");
        var admin = Admin(host);
        var first = await Revision(await Put(admin, "/api/admin/directory", Community().ToJsonString()));
        for (var i = 11; i <= 14; i++)
        {
            await Revision(await Put(admin, $"/api/admin/directory/households/1-1-{100 + i}", Home(i).ToJsonString()));
        }

        Assert.Equal([first + 4, first + 3, first + 2], (await Revisions(admin)).Select(r => r!["revision"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/admin/directory/revisions/{first + 1}/restore", null)).StatusCode);
        // Revision first + 2 is the community with two households added.
        Assert.Equal(first + 5, await Revision(await admin.PostAsync($"/api/admin/directory/revisions/{first + 2}/restore", null)));
        Assert.Equal(12, (await HouseholdIds(admin)).Count);
    }

    [Fact]
    public async Task A_household_is_created_then_replaced_then_deleted_one_revision_each()
    {
        using var host = new NeighborBotFactory();
        var (admin, first) = await StartWithCommunityAsync(host);

        var created = await Put(admin, "/api/admin/directory/households/2-1-201", """{"building": 2, "unit": 1, "room": "201"}""");
        var replaced = await Put(admin, "/api/admin/directory/households/2-1-201", """{"id": "2-1-201", "building": 2, "unit": 1, "room": "201", "tags": ["low-lying"]}""");

        Assert.Equal(first + 1, await Revision(created));
        Assert.Equal(first + 2, await Revision(replaced));
        var household = (await Directory(admin))["households"]!.AsArray().Single(h => h!["id"]!.GetValue<string>() == "2-1-201")!;
        Assert.Equal(["low-lying"], household["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        Assert.Equal(first + 3, await Revision(await admin.DeleteAsync("/api/admin/directory/households/2-1-201")));
        Assert.DoesNotContain("2-1-201", await HouseholdIds(admin));
        Assert.StartsWith("There is no household '2-1-201'", Assert.Single(await Errors(await admin.DeleteAsync("/api/admin/directory/households/2-1-201"), HttpStatusCode.NotFound)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_is_created_changed_and_deleted_without_touching_the_rest()
    {
        using var host = new NeighborBotFactory();
        var (admin, _) = await StartWithCommunityAsync(host);
        var households = (await Directory(admin))["households"]!.ToJsonString();

        await Revision(await Put(admin, "/api/admin/directory/people/w2", """{"name": "李娜", "phone": "13800000002", "openid": "o_w2", "roles": ["grid-worker"], "grids": ["g1"]}"""));
        await Revision(await Put(admin, "/api/admin/directory/people/w2", """{"name": "李娜", "openid": "o_w2", "roles": ["grid-leader"], "grids": ["g1"]}"""));

        var people = (await Directory(admin))["people"]!.AsArray();
        var w2 = people.Single(p => p!["id"]!.GetValue<string>() == "w2")!;
        Assert.Equal(6, people.Count);
        Assert.Equal("grid-leader", w2["roles"]![0]!.GetValue<string>());
        Assert.Null(w2["phone"]);
        Assert.Equal(households, (await Directory(admin))["households"]!.ToJsonString());

        await Revision(await admin.DeleteAsync("/api/admin/directory/people/w2"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/admin/directory/people/w2")).StatusCode);
    }

    [Fact]
    public async Task A_single_change_is_validated_as_the_whole_directory_and_a_refused_one_changes_nothing()
    {
        using var host = new NeighborBotFactory();
        var (admin, revision) = await StartWithCommunityAsync(host);
        var before = await admin.GetStringAsync("/api/admin/directory");

        var nowhere = await Errors(await Put(admin, "/api/admin/directory/households/12-1-101", """{"building": 12, "unit": 0, "room": "101", "tags": ["Elderly"]}"""));
        var paired = await Errors(await admin.DeleteAsync("/api/admin/directory/households/1-1-101"));
        var takenOpenid = await Errors(await Put(admin, "/api/admin/directory/people/w9", """{"name": "周杰", "openid": "o_w1", "roles": ["grid-worker"]}"""));

        Assert.Equal(
            [
                "households[10] (12-1-101): building 12 is in no grid",
                "households[10] (12-1-101): unit must be a positive number",
                "households[10] (12-1-101): tag 'Elderly' may hold only lowercase letters, digits and '-'",
            ],
            nowhere);
        Assert.Equal(["people[1] (v1): household '1-1-101' is not in households"], paired);
        Assert.Equal(["people[5] (w9): openid 'o_w1' belongs to another person too", "people[5] (w9): a grid worker or grid leader needs grids"], takenOpenid);
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/directory"));
        Assert.Equal(revision, (await Revisions(admin))[0]!["revision"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""{"building": 1, "unit": 1, "room": "101", "tagz": []}""", "tagz: unknown field")]
    [InlineData("""{"id": "1-1-999", "building": 1, "unit": 1, "room": "999"}""", "id: the body says '1-1-999' but the address says '1-1-150'")]
    [InlineData("""{"building": "one", "unit": 1}""", "The body is not a valid household in JSON: look at line 1")]
    [InlineData("""{"building": 1,""", "The body is not a valid household in JSON")]
    [InlineData("", "The body is empty: send one household as JSON")]
    [InlineData("[]", "The body is not a valid household in JSON")]
    public async Task A_bad_household_body_is_a_plain_bad_request_with_its_reason(string body, string expected)
    {
        using var host = new NeighborBotFactory();
        var (admin, revision) = await StartWithCommunityAsync(host);

        var error = Assert.Single(await Errors(await Put(admin, "/api/admin/directory/households/1-1-150", body)));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Equal(revision, (await Revisions(admin))[0]!["revision"]!.GetValue<long>());
    }

    [Fact]
    public async Task Simultaneous_single_changes_through_two_instances_are_all_kept()
    {
        using var one = new NeighborBotFactory();
        var (admin, first) = await StartWithCommunityAsync(one);
        using var two = new NeighborBotFactory().With("Redis:KeyPrefix", one.KeyPrefix);
        var other = Admin(two);

        var puts = await Task.WhenAll(Enumerable.Range(11, 8).Select(i =>
            Put(i % 2 == 0 ? admin : other, $"/api/admin/directory/households/1-1-{100 + i}", Home(i).ToJsonString())));

        Assert.All(puts, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        Assert.Equal(Enumerable.Range(1, 18).Select(i => $"1-1-{100 + i}").Order(), (await HouseholdIds(admin)).Order());
        Assert.Equal(first + 8, (await Revisions(other))[0]!["revision"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_csv_import_racing_a_full_import_never_silently_loses_either()
    {
        using var host = new NeighborBotFactory();
        var (admin, first) = await StartWithCommunityAsync(host);
        var withSecretary = Community();
        withSecretary["people"]!.AsArray().Add(JsonNode.Parse("""{ "id": "s2", "name": "孙浩", "roles": ["secretary"] }"""));

        var both = await Task.WhenAll(
            Put(admin, "/api/admin/directory", withSecretary.ToJsonString()),
            PutCsv(admin, Csv(Enumerable.Range(1, 12))));

        Assert.All(both, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var changes = (await Revisions(admin)).Select(r => r!["change"]!.GetValue<string>()).ToList();
        Assert.Equal(first + 2, (await Revisions(admin))[0]!["revision"]!.GetValue<long>());
        Assert.Equal(["csv import", "json import"], changes.Take(2).Order());
        var people = (await Directory(admin))["people"]!.AsArray().Select(p => p!["id"]!.GetValue<string>());
        Assert.Contains("s2", people);
        if (changes[0] == "csv import")
        {
            // The CSV came second: it was computed again on the full import, whose people it kept.
            Assert.Equal(12, (await HouseholdIds(admin)).Count);
        }
    }

    [Theory]
    [InlineData("PUT", "/api/admin/directory/households/1-1-101")]
    [InlineData("DELETE", "/api/admin/directory/households/1-1-101")]
    [InlineData("PUT", "/api/admin/directory/people/w1")]
    [InlineData("DELETE", "/api/admin/directory/people/w1")]
    [InlineData("GET", "/api/admin/directory/revisions")]
    [InlineData("POST", "/api/admin/directory/revisions/1/restore")]
    public async Task The_new_directory_routes_refuse_requests_without_the_key(string method, string path)
    {
        using var host = new NeighborBotFactory();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("{}") };

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().SendAsync(request)).StatusCode);
    }
}
