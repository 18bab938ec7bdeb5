using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Care;
using NeighborBot.Directory;
using NeighborBot.Wishes;

namespace NeighborBot.Api.Wishes;

/// <summary>
/// Micro-wishes for admins: the wishes (by state), their figures per grid and month, and the public list of done
/// wishes for the community's notice board, an HTML page without a resident's name, phone, room or note.
/// </summary>
internal static class WishesApi
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    public static RouteGroupBuilder MapWishesApi(this RouteGroupBuilder admin)
    {
        var wishes = admin.MapGroup("/wishes").WithTags("Wishes");
        wishes.MapGet("", ListAsync).WithSummary("The wishes, newest approval first; ?state=open|claimed|done.");
        wishes.MapGet("/figures", FiguresAsync).WithSummary("Wishes posted, approved, claimed and done per grid and month (default: this year).");
        wishes.MapGet("/done.html", DonePageAsync).WithSummary("The wishes done in a year (default: this year) as a printable page for the notice board, without personal data.");
        return admin;
    }

    internal static async Task<Results<Ok<IReadOnlyList<Wish>>, BadRequest<string>>> ListAsync(string? state, WishBoard board, CancellationToken cancellationToken)
    {
        WishState? filter = state switch
        {
            null or "" => null,
            "open" => WishState.Open,
            "claimed" => WishState.Claimed,
            "done" => WishState.Done,
            _ => (WishState)(-1),
        };
        if (filter == (WishState)(-1))
        {
            return TypedResults.BadRequest("state is open, claimed or done, e.g. ?state=open.");
        }

        return TypedResults.Ok(await board.ListAsync(filter, cancellationToken));
    }

    internal static async Task<Results<Ok<WishFigures>, BadRequest<string>>> FiguresAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? grid, WishBoard board, TimeProvider time, CancellationToken cancellationToken)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? ChinaTime.StartOf(new DateOnly(ChinaTime.ToChina(end).Year, 1, 1));
        if (start > end)
        {
            return TypedResults.BadRequest("from must be before to.");
        }

        return TypedResults.Ok(await board.FiguresAsync(start, end, grid, cancellationToken));
    }

    internal static async Task<Results<ContentHttpResult, BadRequest<string>>> DonePageAsync(
        string? year, WishBoard board, DirectoryCache directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var y = ChinaTime.Now(time).Year;
        if (year is not null && (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out y) || y is < 2000 or > 2100))
        {
            return TypedResults.BadRequest("year is a number such as 2027, e.g. ?year=2027.");
        }

        var snapshot = await directory.GetAsync(cancellationToken);
        var done = await board.DoneAsync(ChinaTime.StartOf(new DateOnly(y, 1, 1)), ChinaTime.StartOf(new DateOnly(y + 1, 1, 1)).AddTicks(-1), snapshot, cancellationToken);
        var community = snapshot.Document.Communities.FirstOrDefault()?.Name ?? "社区";
        return TypedResults.Content(DonePage(community, y, done), HtmlContentType);
    }

    /// <summary>The page for the notice board: the year, how many wishes and hours, one row per wish (no personal data).</summary>
    internal static string DonePage(string community, int year, IReadOnlyList<DoneWish> done)
    {
        static string H(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>{H(community)} {year}年微心愿完成情况</title>
            <style>
            body {"{"} font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; {"}"}
            h1 {"{"} font-size: 1.6em; text-align: center; {"}"}
            p.total {"{"} text-align: center; {"}"}
            table {"{"} border-collapse: collapse; width: 100%; {"}"}
            th, td {"{"} border: 1px solid #444; padding: .4em .6em; text-align: left; {"}"}
            @media print {"{"} body {"{"} margin: 0; {"}"} button {"{"} display: none; {"}"} {"}"}
            </style></head><body>
            <h1>{H(community)} {year}年微心愿完成情况</h1>
            <p class="total">共完成微心愿 <strong>{done.Count}</strong> 个，志愿服务 <strong>{CareTexts.Hours((int)done.Sum(d => d.Hours * 60))}</strong> 小时。感谢每一位志愿者和党员！</p>
            <table><thead><tr><th>序号</th><th>完成日期</th><th>网格</th><th>心愿</th><th>圆梦人</th></tr></thead><tbody>

            """);
        for (var i = 0; i < done.Count; i++)
        {
            var d = done[i];
            var wish = (d.Building is { } b ? $"{b}号楼 " : string.Empty) + d.Summary;
            page.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{i + 1}</td><td>{d.Day.Month}月{d.Day.Day}日</td><td>{H(d.GridName ?? d.Grid)}</td><td>{H(wish)}</td><td>{H(d.Volunteer)}</td></tr>\n");
        }

        page.Append("</tbody></table>\n<p><button onclick=\"window.print()\">打印</button></p>\n</body></html>\n");
        return page.ToString();
    }
}
