using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using NeighborBot.Api.Admin;
using NeighborBot.Api.Directory;
using NeighborBot.Directory;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Directory;

/// <summary>The sample community of demo/directory.json, and its loading in Development.</summary>
public sealed class DemoDirectoryTests
{
    private static DirectoryDocument Sample()
    {
        var path = Path.Combine(AppContext.BaseDirectory, DemoDirectory.RelativePath);
        Assert.True(DirectoryJson.TryRead(File.ReadAllBytes(path), out var document, out var error), error);
        return document;
    }

    private static HttpClient Admin(NeighborBotFactory host)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
        return client;
    }

    [Fact]
    public void The_sample_directory_passes_validation()
    {
        Assert.Empty(DirectoryValidator.Validate(Sample()));
    }

    [Fact]
    public void The_sample_is_one_community_of_seven_grids_with_a_few_hundred_households()
    {
        var sample = Sample();
        var snapshot = new DirectorySnapshot(sample, 1);

        var community = Assert.Single(sample.Communities);
        Assert.Equal(("gaoyang", "高阳社区"), (community.Id, community.Name));
        Assert.Equal(["第一网格", "第二网格", "第三网格", "第四网格", "第五网格", "第六网格", "第七网格"], sample.Grids.Select(g => g.Name));
        Assert.Equal([1, 2, 3, 4], snapshot.Grid("g1")!.Buildings);
        Assert.InRange(sample.Households.Count, 300, 400);
        Assert.Equal("g1", snapshot.GridOfBuilding(snapshot.Household("3-2-501")!.Building)!.Id);
        Assert.NotNull(snapshot.HouseholdAt(3, 2, "501"));

        var elderly = sample.Households.Count(h => h.Tags.Contains("elderly60"));
        Assert.InRange(elderly / (double)sample.Households.Count, 0.20, 0.26);
        Assert.Contains(sample.Households, h => h.Tags.Contains("living-alone"));
        Assert.All(sample.Households.Where(h => h.Tags.Contains("living-alone")), h => Assert.Contains("elderly60", h.Tags));
        Assert.All(sample.Households.Where(h => h.Tags.Contains("low-lying")), h => Assert.StartsWith("1", h.Room, StringComparison.Ordinal));
        Assert.True(sample.Households.Count(h => h.Tags.Contains("low-lying")) >= 5);
    }

    [Fact]
    public void The_sample_has_people_of_every_role_with_the_walk_through_openids()
    {
        var sample = Sample();
        var snapshot = new DirectorySnapshot(sample, 1);

        Assert.All(Role.All, role => Assert.NotEmpty(snapshot.WithRole(role)));
        Assert.All(sample.Grids, g => Assert.InRange(snapshot.WithRole(Role.GridWorker, g.Id).Count(), 1, 2));
        Assert.All(sample.Grids, g => Assert.NotEmpty(snapshot.WithRole(Role.GridLeader, g.Id)));
        Assert.All(["物业", "派出所", "司法所", "消防", "服务中心"], d => Assert.NotEmpty(snapshot.OfDepartment(d)));
        Assert.InRange(snapshot.WithRole(Role.Resident).Count(), 2, 3);

        Assert.True(snapshot.PersonByOpenId("o_worker_g1")!.Has(Role.GridWorker));
        Assert.Equal(["g1"], snapshot.PersonByOpenId("o_worker_g1")!.Grids);
        Assert.Equal(["g1"], snapshot.PersonByOpenId("o_leader_g1")!.Grids);
        Assert.True(snapshot.PersonByOpenId("o_secretary")!.Has(Role.Secretary));
        Assert.Equal("物业", snapshot.PersonByOpenId("o_wuye_1")!.Department);

        Assert.All(sample.People, p => Assert.Matches("^1380000[0-9]{4}$", p.Phone));
        Assert.Equal(sample.People.Count, sample.People.Select(p => p.Phone).Distinct().Count());
        Assert.All(sample.People, p => Assert.DoesNotMatch("[A-Za-z]", p.Name));
    }

    [Fact]
    public void Each_sample_volunteer_is_paired_with_three_to_six_elderly_households()
    {
        var sample = Sample();
        var snapshot = new DirectorySnapshot(sample, 1);
        var volunteers = snapshot.WithRole(Role.Volunteer).ToList();

        Assert.InRange(volunteers.Count, 18, 22);
        Assert.All(volunteers, v => Assert.InRange(v.Households.Count, 3, 6));
        Assert.All(volunteers.SelectMany(v => v.Households), id =>
            Assert.True(snapshot.Household(id)!.Tags.Intersect(["elderly60", "living-alone"]).Any(), id));
    }

    [Fact]
    public void The_paired_sample_households_say_who_lives_there_for_the_volunteers_visits()
    {
        var sample = Sample();
        var snapshot = new DirectorySnapshot(sample, 1);
        var paired = snapshot.WithRole(Role.Volunteer).SelectMany(v => v.Households).Select(id => snapshot.Household(id)!).ToList();

        Assert.All(paired, h => Assert.False(string.IsNullOrEmpty(h.Contact), h.Id));
        Assert.All(paired, h => Assert.Matches("^1390000[0-9]{4}$", h.Phone));
        Assert.InRange(paired.Count(h => h.Note is not null), 5, paired.Count / 2);
        Assert.Equal(("王秀英", "耳背，敲门要用力"), (snapshot.Household("3-2-501")!.Contact, snapshot.Household("3-2-501")!.Note));
        Assert.Empty(DirectoryValidator.Validate(sample));
    }

    [Fact]
    public async Task In_development_an_empty_directory_is_filled_with_the_sample_at_start()
    {
        using var host = new NeighborBotFactory(environment: "Development");

        var directory = JsonNode.Parse(await Admin(host).GetStringAsync("/api/admin/directory"))!;

        Assert.Equal(7, directory["grids"]!.AsArray().Count);
        Assert.Contains(directory["households"]!.AsArray(), h => h!["id"]!.GetValue<string>() == "3-2-501");
        var sample = Sample();
        Assert.Contains(host.Logs, l => l.Message == $"Loaded the demo directory: {sample.Households.Count} households, {sample.People.Count} people");
    }

    [Fact]
    public async Task In_development_a_stored_directory_is_kept()
    {
        using var first = new NeighborBotFactory();
        var put = await Admin(first).PutAsync("/api/admin/directory", new StringContent(DirectoryApiTests.Example, Encoding.UTF8, "application/json"));
        put.EnsureSuccessStatusCode();

        using var development = new NeighborBotFactory(environment: "Development").With("Redis:KeyPrefix", first.KeyPrefix);
        var directory = await Admin(development).GetFromJsonAsync<JsonNode>("/api/admin/directory");

        Assert.Equal(2, directory!["households"]!.AsArray().Count);
        Assert.DoesNotContain(development.Logs, l => l.Message.StartsWith("Loaded the demo directory", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Testing")]
    [InlineData("Staging")]
    [InlineData("Production")]
    public async Task Outside_development_nothing_is_loaded(string environment)
    {
        using var host = new NeighborBotFactory(environment: environment);

        var directory = await Admin(host).GetFromJsonAsync<JsonNode>("/api/admin/directory");

        Assert.Empty(directory!["households"]!.AsArray());
        Assert.Empty(directory["grids"]!.AsArray());
    }
}
