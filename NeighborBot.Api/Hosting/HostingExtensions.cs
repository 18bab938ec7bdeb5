using NeighborBot.Api.Admin;
using NeighborBot.Api.Health;

namespace NeighborBot.Api.Hosting;

internal static class HostingExtensions
{
    /// <summary>Logging, plain error answers, health, the admin key and the start-up report.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = PlainProblem);

        // A body or query that does not bind is a 400 (415 for a wrong content type) in every
        // environment; Development would otherwise throw, and its error page shows the stack and headers.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        builder.AddHealth();
        builder.AddAdmin();
        builder.Services.AddHostedService<StartupReport>();
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "NeighborBot admin API";
                document.Info.Description = "Every route under /api/admin takes Authorization: Bearer {Admin:ApiKey}.";
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer(Broadcasts.AudienceSchemas.DescribeAsync);
        });
        return builder;
    }

    /// <summary>The OpenAPI document of every route at <c>/openapi/v1.json</c>, behind the admin key like the routes it describes.</summary>
    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        app.MapOpenApi();
        return app;
    }

    /// <summary>
    /// Errors answer a plain problem (status, title, trace id) in every environment: an unhandled
    /// exception is a 500 and is logged here, never shown; an error status without a body (a request
    /// that did not bind, a refused key, 429) gets the same plain problem. The developer exception
    /// page that Development adds in front never sees an exception.
    /// </summary>
    public static WebApplication UsePlainErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Keeps status, title, type and the trace id; drops the detail and every other extension.</summary>
    internal static void PlainProblem(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail = null;
        problem.Instance = null;
        foreach (var name in problem.Extensions.Keys.Where(k => k != "traceId").ToList())
        {
            problem.Extensions.Remove(name);
        }
    }
}
