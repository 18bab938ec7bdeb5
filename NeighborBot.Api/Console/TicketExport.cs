using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Api.Tickets;
using NeighborBot.Intake;
using NeighborBot.Tickets;

namespace NeighborBot.Api.Console;

/// <summary><c>GET /console/tickets.csv</c>: the console's filtered ticket list as CSV (UTF-8 with BOM, for Excel), within the user's grids.</summary>
internal static class TicketExport
{
    private static readonly string[] Header = ["编号", "类别", "紧急", "状态", "网格", "地点", "处理人", "提交时间", "内容"];

    public static async Task<Results<FileContentHttpResult, BadRequest<string>>> CsvAsync(
        string? status, string? category, string? grid, bool? urgent, string? from, string? to,
        HttpContext context, TicketViews views, CancellationToken cancellationToken)
    {
        if (!TryFilter(status, category, grid, urgent, from, to, out var filter, out var problem))
        {
            return TypedResults.BadRequest(problem);
        }

        var user = StaffUser.Of(context.User)!;
        var rows = await views.ListAsync(filter, user.VisibleGrids, cancellationToken);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = CsvWriter.Create(text, CsvWriterOptions.Default, true))
        {
            csv.WriteHeader(Header);
            foreach (var r in rows)
            {
                await csv.WriteRecordAsync(
                [
                    r.Number, r.CategoryLabel, r.Urgent ? "是" : "否", r.StatusLabel, r.Grid ?? string.Empty, r.Place, r.AssigneeName ?? string.Empty,
                    ChinaTime.ToChina(r.CreatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.Text,
                ], cancellationToken);
            }
        }

        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", "tickets.csv");
    }

    /// <summary>Reads the list's filters as the page writes them in its address; false with the reason for one that is not understood.</summary>
    public static bool TryFilter(string? status, string? category, string? grid, bool? urgent, string? from, string? to, out TicketFilter filter, out string problem)
    {
        filter = new TicketFilter();
        problem = string.Empty;
        TicketStatus? parsedStatus = null;
        if (status is { Length: > 0 })
        {
            if (!TicketViews.Statuses.Any(s => TicketViews.StatusName(s) == status))
            {
                problem = $"status must be one of: {string.Join(", ", TicketViews.Statuses.Select(TicketViews.StatusName))}";
                return false;
            }

            parsedStatus = TicketViews.Statuses.First(s => TicketViews.StatusName(s) == status);
        }

        if (category is { Length: > 0 } && !IntakeCategories.All.Contains(category))
        {
            problem = $"category must be one of: {string.Join(", ", IntakeCategories.All)}";
            return false;
        }

        DateOnly? start = null, end = null;
        if (from is { Length: > 0 })
        {
            if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                problem = "from must be a day written yyyy-MM-dd";
                return false;
            }

            start = day;
        }

        if (to is { Length: > 0 })
        {
            if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                problem = "to must be a day written yyyy-MM-dd";
                return false;
            }

            end = day;
        }

        filter = new TicketFilter(parsedStatus, category is { Length: > 0 } ? category : null, grid is { Length: > 0 } ? grid : null, urgent, start, end);
        return true;
    }
}
