using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NeighborBot.Api.Admin;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Functional;

/// <summary>The admin routes of shared/design/interfaces.md, behind the admin key.</summary>
public sealed class AdminApiTests : IClassFixture<AdminApiTests.Host>
{
    public sealed class Host : NeighborBotFactory;

    private readonly Host _host;
    private readonly HttpClient _admin;

    public AdminApiTests(Host host)
    {
        _host = host;
        _admin = host.CreateClient();
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
    }

    [Theory]
    [InlineData("GET", "/api/admin/tickets")]
    [InlineData("GET", "/api/admin/tickets/20260712-0001")]
    [InlineData("POST", "/api/admin/intake/preview")]
    public async Task Admin_routes_refuse_requests_without_the_key(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { text = "x" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-key-0123456789");

        var wrong = await _host.CreateClient().SendAsync(request);
        var none = await _host.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public async Task The_key_is_checked_before_the_body_is_read()
    {
        var response = await _host.CreateClient().PostAsync("/api/admin/intake/preview", new StringContent("not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Preview_says_what_the_bot_would_understand_in_the_documented_shape()
    {
        var response = await _admin.PostAsJsonAsync("/api/admin/intake/preview", new { text = "三号楼二单元五零一楼道灯坏了" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.True(root.GetProperty("isTicket").GetBoolean());
        Assert.Equal("repair", root.GetProperty("category").GetString());
        Assert.False(root.GetProperty("urgent").GetBoolean());
        var location = root.GetProperty("location");
        Assert.Equal(3, location.GetProperty("building").GetInt32());
        Assert.Equal(2, location.GetProperty("unit").GetInt32());
        Assert.Equal("501", location.GetProperty("room").GetString());
        Assert.Equal(JsonValueKind.Null, location.GetProperty("place").ValueKind);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"text\": \"\"}")]
    [InlineData("not json")]
    public async Task Preview_without_text_is_a_clear_bad_request(string body)
    {
        var response = await _admin.PostAsync("/api/admin/intake/preview", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tickets_are_listed_with_filters_and_read_one_by_one_with_their_events()
    {
        var client = new CallbackClient(_host.CreateClient(), _host.WeChat);
        await client.SayAsync("o_admin_1", "2号楼3单元楼道灯不亮了");
        await client.SayAsync("o_admin_2", "4号楼门口好多老鼠");

        var all = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/tickets");
        var repairs = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/tickets?category=repair&status=submitted");
        var none = await _admin.GetFromJsonAsync<JsonElement>($"/api/admin/tickets?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");

        Assert.Equal(2, all.GetArrayLength());
        var repair = Assert.Single(repairs.EnumerateArray());
        Assert.Equal("submitted", repair.GetProperty("status").GetString());
        Assert.Equal(0, none.GetArrayLength());

        var number = repair.GetProperty("number").GetString();
        var one = await _admin.GetFromJsonAsync<JsonElement>($"/api/admin/tickets/{number}");
        Assert.Equal("2号楼3单元楼道灯不亮了", one.GetProperty("text").GetString());
        Assert.Equal("created", one.GetProperty("events")[0].GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/admin/tickets/19990101-0001")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync("/api/admin/tickets?status=bogus")).StatusCode);
    }
}
