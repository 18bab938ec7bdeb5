using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using NeighborBot.Api.Admin;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Functional;

/// <summary>Wrong admin keys are counted per client address; too many and the address is refused for a while.</summary>
public sealed class AdminLockoutTests
{
    private const int MaxFailures = 3;
    private const string WrongKey = "wrong-key-guess-00000001";

    private static NeighborBotFactory Start(string window = "00:05:00") => new NeighborBotFactory()
        .With("Admin:MaxFailedKeys", MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("Admin:FailedKeyWindow", window);

    /// <summary>A client of the host that comes from <paramref name="address"/>.</summary>
    private static HttpClient From(NeighborBotFactory host, string address)
    {
        host.CreateClient();
        var ip = IPAddress.Parse(address);
        return new HttpClient(host.Server.CreateHandler(context => context.Connection.RemoteIpAddress = ip)) { BaseAddress = host.Server.BaseAddress };
    }

    private static async Task<HttpResponseMessage> Get(HttpClient http, string? key, string path = "/api/admin/tickets")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await http.SendAsync(request);
    }

    private static List<CapturedLog> Security(NeighborBotFactory host) =>
        [.. host.Logs.Where(l => l.EventId.Id is 4001 or 4002)];

    [Fact]
    public async Task After_too_many_wrong_keys_an_address_gets_429_with_retry_after_even_with_the_right_key()
    {
        using var host = Start();
        var attacker = From(host, "203.0.113.7");
        var neighbour = From(host, "203.0.113.8");

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < MaxFailures + 2; i++)
        {
            guesses.Add((await Get(attacker, WrongKey + i)).StatusCode);
        }

        var rightKey = await Get(attacker, NeighborBotFactory.AdminKey);
        var dashboard = await Get(attacker, NeighborBotFactory.AdminKey, "/hangfire");
        var otherAddress = await Get(neighbour, NeighborBotFactory.AdminKey);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, MaxFailures), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], guesses);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightKey.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, dashboard.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), rightKey.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
    }

    [Fact]
    public async Task Every_wrong_key_and_every_refusal_is_a_security_event_with_the_address_and_never_the_key()
    {
        using var host = Start();
        var attacker = From(host, "198.51.100.23");

        for (var i = 0; i < MaxFailures + 3; i++)
        {
            await Get(attacker, WrongKey + i);
        }

        await Get(attacker, NeighborBotFactory.AdminKey);

        var logged = Security(host);
        Assert.Equal(MaxFailures, logged.Count(l => l.EventId.Id == 4001));
        Assert.Equal(4, logged.Count(l => l.EventId.Id == 4002));
        Assert.All(logged, l =>
        {
            Assert.Equal(LogLevel.Warning, l.Level);
            Assert.Contains("198.51.100.23", l.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongKey, l.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(NeighborBotFactory.AdminKey, l.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Right_keys_and_requests_without_a_key_are_not_counted()
    {
        using var host = Start();
        var admin = From(host, "192.0.2.10");

        for (var i = 0; i < MaxFailures * 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Get(admin, NeighborBotFactory.AdminKey)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await Get(admin, key: null)).StatusCode);
        }

        for (var i = 0; i < MaxFailures - 1; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Get(admin, WrongKey)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await Get(admin, NeighborBotFactory.AdminKey)).StatusCode);
        Assert.DoesNotContain(host.Logs, l => l.EventId.Id == 4002);
    }

    [Fact]
    public async Task An_address_is_let_in_again_once_the_window_has_passed()
    {
        using var host = Start(window: "00:00:01");
        var admin = From(host, "2001:db8:1:2::5");
        var sameSubnet = From(host, "2001:db8:1:2::99");

        for (var i = 0; i < MaxFailures; i++)
        {
            await Get(admin, WrongKey);
        }

        var locked = await Get(sameSubnet, NeighborBotFactory.AdminKey);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var later = await Get(admin, NeighborBotFactory.AdminKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode); // IPv6 is counted per /64
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Other_routes_are_not_limited()
    {
        using var host = Start();
        var attacker = From(host, "203.0.113.50");
        for (var i = 0; i < MaxFailures + 1; i++)
        {
            await Get(attacker, WrongKey);
        }

        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync(host.WeChat.VerificationUrl(CallbackClient.Now, "e"))).StatusCode);
    }
}
