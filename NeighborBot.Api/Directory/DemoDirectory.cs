using NeighborBot.Directory;
using StackExchange.Redis;

namespace NeighborBot.Api.Directory;

/// <summary>
/// In Development, fills an empty directory (revision 0) with the sample community in
/// <c>demo/directory.json</c> once at start, before the first request, so that the walk-through in
/// README.md works on a fresh store; a directory stored meanwhile is never overwritten. In any other
/// environment it does nothing.
/// </summary>
internal sealed class DemoDirectory(
    IHostEnvironment environment, IDirectoryStore store, DirectoryCache cache, ILogger<DemoDirectory> logger) : IHostedService
{
    public const string RelativePath = "demo/directory.json";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            return;
        }

        try
        {
            var empty = await store.GetAsync(cancellationToken);
            if (empty.Revision != 0)
            {
                return;
            }

            if (Find(environment) is not { } path)
            {
                Log.DemoNotLoaded(logger, $"{RelativePath} is not in the content root or next to the app");
                return;
            }

            if (!DirectoryJson.TryRead(await File.ReadAllBytesAsync(path, cancellationToken), out var document, out var error))
            {
                Log.DemoNotLoaded(logger, $"{RelativePath}: {error}");
                return;
            }

            if (DirectoryValidator.Validate(document) is { Count: > 0 } problems)
            {
                Log.DemoNotLoaded(logger, $"{RelativePath} has {problems.Count} problems, the first: {problems[0]}");
                return;
            }

            // Only into the empty directory: another instance starting at the same time may have been first.
            if (await cache.TrySaveAsync(empty, document, "demo directory loaded", cancellationToken) is not null)
            {
                Log.DemoLoaded(logger, document.Households.Count, document.People.Count);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The app still starts (readiness reports the store); the sample is loaded on the next start.
            Log.DemoNotLoaded(logger, "the store did not answer");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The sample next to the sources (dotnet run, tests) or next to the published app.</summary>
    internal static string? Find(IHostEnvironment environment) =>
        new[] { environment.ContentRootPath, AppContext.BaseDirectory }
            .Select(root => Path.Combine(root, RelativePath))
            .FirstOrDefault(File.Exists);
}
