using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace NeighborBot.Api.Admin;

/// <summary>
/// Counts wrong admin keys per client address in a fixed window. Once an address has sent
/// <see cref="AdminOptions.MaxFailedKeys"/> of them, every admin request from it is refused with 429
/// until the window has passed, a right key too: were the right key let through, the 429s would
/// tell a guesser which answers are wrong and the guessing would go on at full speed. Requests that
/// carry the right key are never counted; requests without any key are not guesses and are not
/// counted either (a browser's first visit to the dashboard sends none).
/// </summary>
/// <remarks>
/// The refusal itself is ASP.NET Core's rate-limiting middleware with <see cref="Gate"/> as its global
/// limiter: the gate only looks (it takes no permit), and <see cref="AdminKeyMiddleware"/> takes one
/// permit per wrong key. IPv6 clients are counted per /64, which is what one subscriber usually holds.
/// </remarks>
internal sealed class AdminLockout : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public AdminLockout(IOptions<AdminOptions> options)
    {
        MaxFailures = options.Value.MaxFailedKeys;
        var window = options.Value.FailedKeyWindow;
        _failures = PartitionedRateLimiter.Create<string, string>(
            client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = MaxFailures,
                Window = window,
                QueueLimit = 0,
            }),
            StringComparer.Ordinal);
        Gate = new LockoutGate(this);
    }

    public int MaxFailures { get; }

    /// <summary>The rate-limiting middleware's limiter: refuses guarded paths from a locked-out address.</summary>
    public PartitionedRateLimiter<HttpContext> Gate { get; }

    /// <summary>Counts one wrong key; a lease that was not acquired means the address is now refused.</summary>
    public RateLimitLease CountFailure(string client) => _failures.AttemptAcquire(client, 1);

    /// <summary>Wrong keys counted for the address in the current window.</summary>
    public long Failures(string client) => MaxFailures - (_failures.GetStatistics(client)?.CurrentAvailablePermits ?? MaxFailures);

    /// <summary>The address a request is counted under (IPv6 by /64; "unknown" when the server has none).</summary>
    public static string ClientOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The middleware's answer to a refused request: 429 (set by the options), Retry-After and a security log line.</summary>
    public static ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = SetRetryAfter(context.Response, rejected.Lease);
        var logger = context.RequestServices.GetRequiredService<ILogger<AdminLockout>>();
        Log.LockedOut(logger, ClientOf(context), context.Request.Path, seconds);
        return ValueTask.CompletedTask;
    }

    /// <summary>Sets <c>Retry-After</c> from the lease (whole seconds, rounded up) and returns it.</summary>
    public static long SetRetryAfter(HttpResponse response, RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (long)Math.Ceiling(retryAfter.TotalSeconds)
            : 1;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }

    public void Dispose()
    {
        Gate.Dispose();
        _failures.Dispose();
    }

    /// <summary>Looks at an address's count without changing it; every other path passes.</summary>
    private sealed class LockoutGate(AdminLockout lockout) : PartitionedRateLimiter<HttpContext>
    {
        public override RateLimiterStatistics? GetStatistics(HttpContext resource) =>
            AdminKeyMiddleware.IsGuarded(resource.Request.Path) ? lockout._failures.GetStatistics(ClientOf(resource)) : null;

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
            AdminKeyMiddleware.IsGuarded(resource.Request.Path) ? lockout._failures.AttemptAcquire(ClientOf(resource), 0) : Passed.Instance;

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));
    }

    private sealed class Passed : RateLimitLease
    {
        public static readonly Passed Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
