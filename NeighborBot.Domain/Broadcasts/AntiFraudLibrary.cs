namespace NeighborBot.Broadcasts;

/// <summary>One ready message of the anti-fraud library.</summary>
/// <param name="Id">A stable name, e.g. <c>fake-police</c>.</param>
/// <param name="Scam">The scam in the words police and news use (保健品, 冒充公检法, ...).</param>
public sealed record AntiFraudTip(string Id, string Scam, string Title, string Text);

/// <summary>
/// Short anti-fraud messages on the scams that target elderly people, in plain words, each ending with
/// what to do: hang up, do not transfer, do not tell codes, call 96110 (the police's anti-fraud line, with
/// the local area code), install the 国家反诈中心 app. Admins start a broadcast from one; the series
/// <c>anti-fraud</c> says the next one at each run.
/// </summary>
public static class AntiFraudLibrary
{
    public const string Series = "anti-fraud";

    /// <summary>What every tip ends with.</summary>
    public const string WhatToDo = "记住：陌生电话先挂断，不转账，不说验证码。拿不准就打96110（反诈专线）问一问，或者问问子女、网格员。手机上装一个“国家反诈中心”App。";

    public static IReadOnlyList<AntiFraudTip> Tips { get; } =
    [
        new("health-products", "保健品、免费讲座",
            "免费讲座、免费体检，小心是卖保健品",
            "有人请您听免费讲座、做免费体检、领鸡蛋礼品，说某种保健品能治高血压、糖尿病，要您花几千上万元买。保健品不是药，治不了病。看病请去正规医院。"),
        new("fake-investment", "虚假投资理财",
            "“高收益、稳赚不赔”的理财都是骗局",
            "有人拉您进群、听“老师”讲课，说投资某个项目收益高、保本保息，先让您小赚一点，再让您加大投入，最后钱取不出来。稳赚不赔的理财不存在，存钱理财请到正规银行柜台办理。"),
        new("pension-scam", "养老诈骗",
            "“养老项目”“以房养老”要当心",
            "有人推销养老公寓床位、养老项目入股，或者让您把房子抵押、过户来“以房养老”，许诺每月给高额回报。这类往往是骗局，房子和养老钱可能都拿不回来。签字前一定和子女商量，问问社区。"),
        new("fake-police", "冒充公检法",
            "公安、检察院、法院不会打电话让您转账",
            "有人打电话或视频，自称警察、检察官，说您的身份证涉嫌洗钱，要您保密，把钱转到“安全账户”。公检法不会在电话里办案，不会网上发逮捕令，更没有“安全账户”。要您转账又要您保密的，一定是骗子。"),
        new("order-brushing", "刷单返利",
            "“动动手指就赚钱”的刷单都是骗局",
            "有人说在家点赞、刷单、做任务就能赚佣金，先给您一点小钱，再让您垫付更多钱才能“提现”。刷单本身违法，所有刷单都是诈骗，垫进去的钱要不回来。"),
        new("fake-refund", "冒充客服退款",
            "“客服”说要给您退款，先别信",
            "有人自称快递、网购平台的客服，说您的商品有问题要退款理赔，让您下载软件、共享屏幕、报银行卡号和验证码。真正的退款不需要您提供验证码，也不会让您共享屏幕。请在购物软件里自己查订单。"),
        new("impersonating-family", "冒充子女、孙辈、领导",
            "“儿子”“孙子”急着要钱，先打电话核实",
            "有人加您微信或打电话，说自己是您的儿子、孙子或者单位领导，换了新号码，出了急事要借钱、交学费、交罚款。请先挂断，再用您原来存的号码打给本人核实，千万别直接转账。"),
        new("ai-face-voice", "AI换脸、换声",
            "视频里是熟人，也可能是假的",
            "骗子现在能用电脑合成熟人的脸和声音，视频通话里看着像、听着也像，开口就要借钱。遇到视频借钱，请挂断后用原来的号码打给本人，或者问一个只有你们才知道的事。"),
        new("fake-grid-worker", "冒充网格员、社区工作人员",
            "上门让您扫码、交钱的“网格员”要核实",
            "有人自称网格员、社区工作人员，上门或打电话让您扫二维码、登记银行卡、交“补贴手续费”。社区工作人员不会让您扫码转账、不会要银行卡密码和验证码。不认识的人，请打社区电话或问问您的网格员。"),
    ];

    public static AntiFraudTip? Find(string id) => Tips.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The tip a run of the series says: the next one each run, round and round.</summary>
    public static AntiFraudTip ForRun(int run) => Tips[(Math.Max(run, 1) - 1) % Tips.Count];

    /// <summary>The tip as one message: its text and what to do.</summary>
    public static string Message(AntiFraudTip tip) => tip.Text + "\n" + WhatToDo;
}
