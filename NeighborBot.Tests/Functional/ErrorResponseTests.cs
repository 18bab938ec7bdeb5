using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NeighborBot.Api.Admin;
using NeighborBot.Outbox;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Functional;

/// <summary>
/// No answer, in any environment, carries a stack trace, the request's headers or a secret: bad input
/// to every admin route and unhandled exceptions answer a plain problem (status, title, trace id).
/// </summary>
public abstract class ErrorResponseTests
{
    private const string Probe = "probe-header-value-4711";

    private readonly NeighborBotFactory _host;

    protected ErrorResponseTests(NeighborBotFactory host) => _host = host;

    public sealed class Development(Development.Host host) : ErrorResponseTests(host), IClassFixture<Development.Host>
    {
        public sealed class Host() : ErrorResponseHost("Development");
    }

    public sealed class Production(Production.Host host) : ErrorResponseTests(host), IClassFixture<Production.Host>
    {
        public sealed class Host() : ErrorResponseHost("Production");
    }

    /// <summary>The host of one environment; reading a message's send log fails with an exception that names a secret.</summary>
    public class ErrorResponseHost : NeighborBotFactory
    {
        public const string ExceptionText = "boom: the secret is s3cr3t-in-exception";

        protected ErrorResponseHost(string environment)
            : base(environment: environment)
        {
            WithServices(s => s.Replace(ServiceDescriptor.Singleton<ISendLog>(new FailingSendLog())));
        }

        private sealed class FailingSendLog : ISendLog
        {
            public Task<MessageRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
                throw new InvalidOperationException(ExceptionText);

            public Task<IReadOnlyList<MessageRecord>> FindAsync(string idPrefix, int limit, CancellationToken cancellationToken) =>
                throw new InvalidOperationException(ExceptionText);

            public Task<IReadOnlyList<MessageRecord>> GivenUpAsync(int limit, CancellationToken cancellationToken) =>
                throw new InvalidOperationException(ExceptionText);
        }
    }

    /// <summary>Every admin route with input it cannot take, and the status that answers it.</summary>
    public static TheoryData<string, string, string?, string?, HttpStatusCode> MalformedRequests => new()
    {
        { "POST", "/api/admin/intake/preview", "application/json", "{\"text\": ", HttpStatusCode.BadRequest },
        { "POST", "/api/admin/intake/preview", "application/json", "{\"text\": 42}", HttpStatusCode.BadRequest },
        { "POST", "/api/admin/intake/preview", "text/plain", "三号楼灯坏了", HttpStatusCode.UnsupportedMediaType },
        { "POST", "/api/admin/intake/preview", null, null, HttpStatusCode.BadRequest },
        { "GET", "/api/admin/tickets?limit=many", null, null, HttpStatusCode.BadRequest },
        { "GET", "/api/admin/tickets?from=yesterday", null, null, HttpStatusCode.BadRequest },
        { "GET", "/api/admin/tickets?status=%FF%FE", null, null, HttpStatusCode.BadRequest },
        { "GET", "/api/admin/tickets/%FF%FE%C0", null, null, HttpStatusCode.NotFound },
        { "POST", "/api/admin/tickets/20260101-0001/assign", "application/json", "[", HttpStatusCode.BadRequest },
        { "POST", "/api/admin/tickets/20260101-0001/assign", "application/xml", "<person/>", HttpStatusCode.UnsupportedMediaType },
        { "POST", "/api/admin/tickets/20260101-0001/close", "application/json", "{\"note\": [1,", HttpStatusCode.BadRequest },
        { "POST", "/api/admin/tickets/20260101-0001/close", "text/csv", "a,b", HttpStatusCode.UnsupportedMediaType },
        { "GET", "/api/admin/figures?from=2026-13-45", null, null, HttpStatusCode.BadRequest },
        { "GET", "/api/admin/figures?to=soon&grid=g1", null, null, HttpStatusCode.BadRequest },
        { "PUT", "/api/admin/directory", "application/json", "{\"communities\": [{\"id\": ", HttpStatusCode.BadRequest },
        { "PUT", "/api/admin/directory", "text/plain", "not a directory", HttpStatusCode.BadRequest },
        { "PUT", "/api/admin/directory/households", "text/csv", "id,building\n\"unclosed", HttpStatusCode.BadRequest },
        { "GET", "/api/admin/messages?limit=lots&prefix=20260101", null, null, HttpStatusCode.BadRequest },
        { "GET", "/api/admin/messages/20260101-0001:e1", null, null, HttpStatusCode.InternalServerError },
        { "GET", "/api/admin/messages?prefix=20260101-0001:", null, null, HttpStatusCode.InternalServerError },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Bad_input_and_failures_answer_without_stack_trace_headers_or_secrets(
        string method, string path, string? contentType, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
        request.Headers.Add("X-Probe", Probe);
        request.Headers.Add("Cookie", "session=" + Probe);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
        }

        using var response = await _host.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, response.StatusCode);
        AssertNothingLeaks(response, text);
    }

    [Theory]
    [InlineData("/api/admin/intake/preview", "{\"text\": ")]
    [InlineData("/api/admin/tickets/20260101-0001/assign", "[")]
    public async Task A_body_that_does_not_bind_is_a_plain_problem(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);

        using var response = await _host.CreateClient().SendAsync(request);

        AssertPlainProblem(response, await response.Content.ReadAsStringAsync(), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_plain_500_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/messages/20260101-0001:e1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await _host.CreateClient().SendAsync(request);

        AssertPlainProblem(response, await response.Content.ReadAsStringAsync(), HttpStatusCode.InternalServerError);
        Assert.Contains(_host.Logs, l => l.Exception?.Message == ErrorResponseHost.ExceptionText);
    }

    [Theory]
    [InlineData("Bearer wrong-key-but-long-enough")]
    [InlineData("Basic !!!not-base64")]
    public async Task A_refused_key_is_a_plain_problem_too(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/tickets");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await _host.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        AssertPlainProblem(response, text, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("wrong-key", text, StringComparison.Ordinal);
    }

    private static void AssertPlainProblem(HttpResponseMessage response, string text, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(names, name => Assert.Contains(name, new[] { "type", "title", "status", "traceId" }));
        Assert.Equal((int)expected, json.RootElement.GetProperty("status").GetInt32());
        AssertNothingLeaks(response, text);
    }

    private static void AssertNothingLeaks(HttpResponseMessage response, string text)
    {
        string[] secrets =
        [
            NeighborBotFactory.AdminKey, NeighborBotFactory.Token, NeighborBotFactory.AesKey, Probe, ErrorResponseHost.ExceptionText,
            "Bearer", "Authorization", "X-Probe", "Cookie", "   at ", ".cs:line", "Exception", "stackTrace", "StackTrace", "\"headers\"",
        ];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }

        var headers = response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => $"{h.Key}: {v}")).ToList();
        foreach (var secret in new[] { NeighborBotFactory.AdminKey, Probe, ErrorResponseHost.ExceptionText })
        {
            Assert.DoesNotContain(headers, h => h.Contains(secret, StringComparison.Ordinal));
        }
    }
}
