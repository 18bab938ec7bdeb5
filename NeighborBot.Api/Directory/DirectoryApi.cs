using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Directory;

namespace NeighborBot.Api.Directory;

/// <summary>
/// <c>/api/admin/directory</c>: the directory replaced as a whole (JSON) or its households alone (CSV),
/// after every entry was validated; a refused change lists every problem and changes nothing.
/// </summary>
internal static class DirectoryApi
{
    /// <summary>A few thousand households are about 100 KB; 5 MiB leaves room for a district.</summary>
    public const int MaxBodyBytes = 5 * 1024 * 1024;

    /// <summary>At most this many problems are listed, then how many more there are.</summary>
    public const int MaxProblemsListed = 1000;

    public const string CsvContentType = "text/csv; charset=utf-8";

    public sealed record Problems(IReadOnlyList<string> Errors);

    public sealed record Saved(long Revision, int Communities, int Grids, int Households, int People)
    {
        public static Saved Of(DirectoryDocument d, long revision) =>
            new(revision, d.Communities.Count, d.Grids.Count, d.Households.Count, d.People.Count);
    }

    private static readonly Problems TooLarge = new([$"The body is larger than {MaxBodyBytes / (1024 * 1024)} MiB."]);

    /// <summary>Loads the sample directory at start in Development when none is stored.</summary>
    public static IHostApplicationBuilder AddDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<DemoDirectory>();
        return builder;
    }

    public static RouteGroupBuilder MapDirectoryApi(this RouteGroupBuilder admin)
    {
        var directory = admin.MapGroup("/directory");
        directory.MapGet("", ExportAsync);
        directory.MapPut("", ReplaceAsync);
        directory.MapGet("/households", ExportHouseholdsAsync);
        directory.MapPut("/households", ReplaceHouseholdsAsync);
        return admin;
    }

    /// <summary>The stored directory in the shape it is written in (read from the store, not this instance's copy).</summary>
    internal static async Task<JsonHttpResult<DirectoryDocument>> ExportAsync(IDirectoryStore store, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(cancellationToken);
        return TypedResults.Json(current.Document, DirectoryJson.Document);
    }

    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, JsonHttpResult<Problems>>> ReplaceAsync(
        HttpRequest request, DirectoryCache cache, ILogger<DirectoryCache> logger, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TypedResults.Json(TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (!DirectoryJson.TryRead(body, out var document, out var error))
        {
            return TypedResults.BadRequest(new Problems([error]));
        }

        var problems = DirectoryValidator.Validate(document);
        if (problems.Count > 0)
        {
            Log.Refused(logger, "directory", problems.Count);
            return TypedResults.BadRequest(Listed(problems));
        }

        var revision = await cache.ReplaceAsync(document, cancellationToken);
        Log.Replaced(logger, revision, document.Grids.Count, document.Households.Count, document.People.Count);
        return TypedResults.Ok(Saved.Of(document, revision));
    }

    /// <summary>The households as CSV with a byte-order mark, so that Excel shows Chinese rooms as they are.</summary>
    internal static async Task<FileContentHttpResult> ExportHouseholdsAsync(IDirectoryStore store, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(cancellationToken);
        var csv = DirectoryCsv.WriteHouseholds(current.Document.Households);
        byte[] bytes = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv)];
        return TypedResults.File(bytes, CsvContentType, "households.csv");
    }

    /// <summary>
    /// Replaces the households alone. The rest comes from the store, not this instance's copy, so that a
    /// change made through another instance a moment ago is kept.
    /// </summary>
    internal static async Task<Results<Ok<Saved>, BadRequest<Problems>, JsonHttpResult<Problems>>> ReplaceHouseholdsAsync(
        HttpRequest request, IDirectoryStore store, DirectoryCache cache, ILogger<DirectoryCache> logger, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TypedResults.Json(TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var current = await store.GetAsync(cancellationToken);
        var import = DirectoryCsv.ImportHouseholds(current.Document, DirectoryCsv.Decode(body));
        if (!import.Succeeded)
        {
            Log.Refused(logger, "households", import.Problems.Count);
            return TypedResults.BadRequest(Listed(import.Problems));
        }

        var document = import.Document;
        var revision = await cache.ReplaceAsync(document, cancellationToken);
        Log.Replaced(logger, revision, document.Grids.Count, document.Households.Count, document.People.Count);
        return TypedResults.Ok(Saved.Of(document, revision));
    }

    private static Problems Listed(IReadOnlyList<string> problems) => problems.Count <= MaxProblemsListed
        ? new Problems(problems)
        : new Problems([.. problems.Take(MaxProblemsListed), $"... and {problems.Count - MaxProblemsListed} more problems."]);

    /// <summary>The body, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        var result = await reader.ReadAtLeastAsync(MaxBodyBytes + 1, cancellationToken);
        try
        {
            return result.Buffer.Length > MaxBodyBytes ? null : result.Buffer.ToArray();
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }
}
