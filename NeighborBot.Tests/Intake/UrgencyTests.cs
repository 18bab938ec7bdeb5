using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>Urgent means immediate danger to life or property, with the kind of danger for the safety guidance.</summary>
public sealed class UrgencyTests
{
    private static readonly IntakeAnalyzer Analyzer = new(IntakeRules.Default);

    [Theory]
    [InlineData("楼道里一股燃气味", IntakeHazards.Gas, IntakeCategories.Hazard)]
    [InlineData("家里煤气泄漏了", IntakeHazards.Gas, IntakeCategories.Hazard)]
    [InlineData("对面楼着火了", IntakeHazards.Fire, IntakeCategories.Hazard)]
    [InlineData("楼道里在冒烟 好呛", IntakeHazards.Fire, IntakeCategories.Hazard)]
    [InlineData("配电箱冒火花了", IntakeHazards.Electric, IntakeCategories.Hazard)]
    [InlineData("一楼电表箱进水了 一直冒火花", IntakeHazards.Electric, IntakeCategories.Hazard)]
    [InlineData("电梯困人了 快来", IntakeHazards.Elevator, IntakeCategories.Repair)]
    [InlineData("我被困在电梯里了", IntakeHazards.Elevator, IntakeCategories.Repair)]
    [InlineData("家里水管爆了 水漫到客厅了", IntakeHazards.Flood, IntakeCategories.Repair)]
    [InlineData("我妈在厨房摔倒了起不来", IntakeHazards.Fall, IntakeCategories.Wish)]
    [InlineData("空调外机摇摇欲坠 下面都是人", IntakeHazards.FallingObject, IntakeCategories.Hazard)]
    [InlineData("楼下两个人打起来了 拿着刀", IntakeHazards.Violence, IntakeCategories.Dispute)]
    [InlineData("我爸要把钱转到安全账户 拦不住", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("我家老人走丢了 穿灰色棉袄", IntakeHazards.Missing, IntakeCategories.Wish)]
    [InlineData("快来人啊 有人要跳楼", IntakeHazards.SelfHarm, IntakeCategories.Hazard)]
    [InlineData("天然气报警器一直响", IntakeHazards.Gas, IntakeCategories.Hazard)]
    [InlineData("有人放鞭炮把垃圾桶点着了", IntakeHazards.Fire, IntakeCategories.Hazard)]
    [InlineData("对门的刘奶奶好几天没见出来了 敲门没人应", IntakeHazards.Fall, IntakeCategories.Wish)]
    [InlineData("快帮我看看 这个验证码能给他不 他说是退机票改签的 我这边等着回他呢", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("急急急 贷款那边说先交保证金才能放款 我网银都打开了", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("刷单那个人说要再充3000才能提现 我现在是充还是不充", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("群里有人发二维码 我刚扫了 让输银行卡密码 还没输 输不输", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("充电棚那边电动车电池炸了 在烧 旁边还停着一排车呢", IntakeHazards.Fire, IntakeCategories.Hazard)]
    [InlineData("电梯门开着 里面没轿厢 小孩差点迈进去 15号楼一单元一楼", IntakeHazards.Elevator, IntakeCategories.Repair)]
    [InlineData("一楼那家门口电动车在充电 线都化了 有火星", IntakeHazards.Electric, IntakeCategories.Hazard)]
    [InlineData("东门那有个老爷子迷路了 说不清自己住哪", IntakeHazards.Missing, IntakeCategories.Wish)]
    [InlineData("昨天就吵 今天又打起来了 女的喊救命", IntakeHazards.Violence, IntakeCategories.Dispute)]
    [InlineData("新换的电梯开着门上下跑 谁都不敢进", IntakeHazards.Elevator, IntakeCategories.Repair)]
    [InlineData("门口燃气管道那儿一直往外呲气", IntakeHazards.Gas, IntakeCategories.Hazard)]
    [InlineData("楼下车棚里充电的电动车着了", IntakeHazards.Fire, IntakeCategories.Hazard)]
    [InlineData("顶楼屋顶漏得跟筛子一样 拿盆都接不住", IntakeHazards.Flood, IntakeCategories.Repair)]
    [InlineData("下水道返水 黑水已经流到卧室了", IntakeHazards.Flood, IntakeCategories.Repair)]
    [InlineData("急寻 我姥爷下午出的门 他不认路", IntakeHazards.Missing, IntakeCategories.Wish)]
    [InlineData("推销的让今天就交钱入股 我爸已经把存折拿出来了", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("地下车库那个角上烟老大了 都看不清了", IntakeHazards.Fire, IntakeCategories.Hazard)]
    [InlineData("车库那部电梯困住一个人 停在半道不动了", IntakeHazards.Elevator, IntakeCategories.Repair)]
    [InlineData("七号楼电梯困了人 里面是个孕妇", IntakeHazards.Elevator, IntakeCategories.Repair)]
    [InlineData("楼上管子破了 天花板往下淌水跟下雨一样", IntakeHazards.Flood, IntakeCategories.Repair)]
    [InlineData("谁见我妈了 她一早去赶集到现在", IntakeHazards.Missing, IntakeCategories.Wish)]
    [InlineData("斜坡那有个老头连人带车翻沟里了 人压在车底下", IntakeHazards.Fall, IntakeCategories.Wish)]
    [InlineData("两家人在楼道里撕扯起来了", IntakeHazards.Violence, IntakeCategories.Dispute)]
    [InlineData("让我填银行卡号和密码 我都填一半了", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("说是孙子的班主任 要交资料费 让我扫码 我正扫着呢", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("打电话的让我下个软件做验证 我已经下好了", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("楼梯间堆的纸箱子着了", IntakeHazards.Fire, IntakeCategories.Hazard)]
    [InlineData("短信让输身份证和银行卡 我刚输完 下一步要验证码", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("客服说先交20%个税才能解冻 我准备交了", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("我爸推着我妈的轮椅在台阶那翻了 俩老人都在地上", IntakeHazards.Fall, IntakeCategories.Wish)]
    [InlineData("我爸在菜市场门口坐地上了 我一个人扶不起来", IntakeHazards.Fall, IntakeCategories.Wish)]
    [InlineData("我妈下楼一脚踩空 从上面滚下来了", IntakeHazards.Fall, IntakeCategories.Wish)]
    [InlineData("他喝醉了 刚把他老婆推到墙上", IntakeHazards.Violence, IntakeCategories.Dispute)]
    [InlineData("奶奶屋里烧着蜂窝煤取暖 早上喊她半天不醒", IntakeHazards.Gas, IntakeCategories.Hazard)]
    [InlineData("电表箱里头噼里啪啦的", IntakeHazards.Electric, IntakeCategories.Hazard)]
    [InlineData("她下午出的门到现在还没回来 我们分头在找", IntakeHazards.Missing, IntakeCategories.Wish)]
    [InlineData("卖保健品的把我爸扣着不让走 要他交钱", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("我妈把银行卡的密码告诉人家了 那人刚走", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("有个小伙子在天台上 腿耷拉在外面", IntakeHazards.SelfHarm, IntakeCategories.Hazard)]
    [InlineData("楼道里一股味 像烧电线", IntakeHazards.Fire, IntakeCategories.Hazard)]
    [InlineData("楼下那家儿子又在打他媳妇 我们拦不住", IntakeHazards.Violence, IntakeCategories.Dispute)]
    [InlineData("说交了定金才给装电梯 我老伴这会儿已经去银行取钱了", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("视频里说是我外孙 让转学费 我密码都输了还没点确定", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("北区车棚有辆电动车自燃了 旁边的也快烧着了", IntakeHazards.Fire, IntakeCategories.Hazard)]
    public void Immediate_danger_is_urgent_with_its_hazard(string text, string hazard, string category)
    {
        var result = Analyzer.Analyze(text);

        Assert.True(result.Urgent);
        Assert.Equal(hazard, result.Problems[0].Hazard);
        Assert.Equal(category, result.Category);
    }

    [Theory]
    [InlineData("5号楼2单元的刘爷爷腿脚不便 想找人帮忙去超市捎点米面")]
    [InlineData("我家阳台那个晾衣架坏了 能不能找人来修一下")]
    [InlineData("3号楼门口路灯不亮了 找人过来看看吧")]
    public void Asking_for_somebody_to_help_or_fix_is_no_missing_person(string text)
    {
        foreach (var analyzer in new[] { Analyzer, new IntakeAnalyzer(IntakeRules.Default, IntakeModelFile.BuiltIn.Value) })
        {
            var result = analyzer.Analyze(text);
            Assert.DoesNotContain(result.Problems, p => p.Urgent || p.Hazard == IntakeHazards.Missing);
        }

        Assert.Equal(IntakeHazards.Missing, Analyzer.Analyze("我家老人一早出门到现在没回来 到处找人也找不着").Problems[0].Hazard);
    }

    [Theory]
    [InlineData("楼道灯坏了")]
    [InlineData("二十三栋的电梯停在三楼不动了 没人在里面")]
    [InlineData("电梯坏了 里面没人")]
    [InlineData("消防通道堵了 万一着火消防车都进不来")]
    [InlineData("楼道堆的纸箱子容易着火")]
    [InlineData("不是着火 是有人在烧纸")]
    [InlineData("楼梯间放了个煤气罐")]
    [InlineData("冒充燃气公司的来收费")]
    [InlineData("手机快没电了 路灯还坏着")]
    [InlineData("墙上裂了几道缝")]
    [InlineData("电梯没有困人 就是门关不上")]
    [InlineData("燃气灶打不着火")]
    [InlineData("老人想要一个智能手环 怕走丢")]
    [InlineData("想给我外公弄个防走失的定位手环")]
    [InlineData("电梯门开着 一直关不上")]
    [InlineData("单元门口积水好深 刚有个小孩差点滑倒")]
    [InlineData("楼梯上全是水 我差点摔倒")]
    [InlineData("8号楼3单元有户人家 昨天半夜两口子又打起来了 女的哭着喊救命")]
    [InlineData("楼下有人在菜地里烧垃圾 烟不大 就是天天烧")]
    [InlineData("绿化带里有条蛇 刚钻草窝里不见了 孩子们都在那边玩")]
    [InlineData("想找人隔两天给俺娘送点菜")]
    [InlineData("这堆纸箱真要着火了楼里谁也跑不了")]
    [InlineData("单元门关不上 冬天风直往里灌")]
    [InlineData("厨房的烟道老是往屋里倒灌烟")]
    [InlineData("儿子这半年老回来闹 我不答应就摔碗砸东西 想请社区调解")]
    [InlineData("楼下的刘爷爷眼睛看不见了 灯泡坏了也换不了")]
    [InlineData("上回着火的那家门口还是黑乎乎的 能不能找人刷一刷")]
    [InlineData("我妈有点糊涂 前年走丢过一回 社区那个防走失手环还有吗")]
    public void Problems_without_immediate_danger_are_not_urgent(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.False(result.Urgent);
        Assert.All(result.Problems, p => Assert.Null(p.Hazard));
    }

    [Theory]
    [InlineData("我妈现在正在手机上给一个什么警官转钱")]
    [InlineData("俺爸这就要去银行给人汇款 谁劝都不听")]
    [InlineData("老头子卡里的钱在往外转 短信一条接一条")]
    [InlineData("我姨非要去ATM给人打钱 说是外孙出事了")]
    [InlineData("对方让开了共享屏幕 现在卡里的钱在转")]
    [InlineData("我奶奶非得把钱转给网上认识的人 怎么都劝不住")]
    public void Money_going_to_a_scammer_right_now_is_urgent_fraud(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.True(result.Urgent);
        Assert.Equal(IntakeHazards.Fraud, result.Problems[0].Hazard);
        Assert.Equal(IntakeCategories.Fraud, result.Category);
    }

    [Theory]
    [InlineData("上个月已经转了五千 后来发现是骗子 还能追回来吗")]
    [InlineData("已经把钱转过去了 现在怎么办 是不是被骗了")]
    [InlineData("前几天给人转了钱 现在联系不上他了")]
    [InlineData("接到电话说孩子出事了 让我赶紧打钱 是骗子吧")]
    [InlineData("刷单返利 靠谱不")]
    public void Money_already_gone_or_a_question_about_a_scam_is_fraud_but_not_urgent(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.Equal(IntakeCategories.Fraud, result.Category);
        Assert.False(result.Urgent);
    }

    [Theory]
    [InlineData("我孙子关电梯里了 快来人")]
    [InlineData("2号楼电梯里关人了 喊半天了")]
    [InlineData("我妈困点题里了 在九楼和十楼中间")]
    [InlineData("电梯门扒不开 孩子在里面哭")]
    [InlineData("店题停半道了 我在里面出不来")]
    [InlineData("电题停了 里面还有个老太太")]
    public void Someone_shut_in_a_lift_is_urgent_however_it_is_said(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.True(result.Urgent);
        Assert.Equal(IntakeHazards.Elevator, result.Problems[0].Hazard);
        Assert.Equal(IntakeCategories.Repair, result.Category);
    }

    [Theory]
    [InlineData("厨房有股臭鸡蛋味 家里人都出去了")]
    [InlineData("灶台那边一股气味 是不是漏了")]
    [InlineData("闻着像天然气那个味 越来越冲")]
    [InlineData("燃气管子那里呲呲响")]
    [InlineData("进门一股味 我都不敢开灯")]
    public void Gas_told_by_its_smell_or_its_sound_is_urgent(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.True(result.Urgent);
        Assert.Equal(IntakeHazards.Gas, result.Problems[0].Hazard);
        Assert.Equal(IntakeCategories.Hazard, result.Category);
    }

    [Theory]
    [InlineData("俺娘摔地上了 爬不起来", IntakeHazards.Fall)]
    [InlineData("我在外地 我爸打电话说摔了一跤起不来", IntakeHazards.Fall)]
    [InlineData("隔壁独居大爷家敲门半天没动静", IntakeHazards.Fall)]
    [InlineData("有个大爷在路边倒了", IntakeHazards.Fall)]
    [InlineData("邻居大姐说活着没意思 要寻短见", IntakeHazards.SelfHarm)]
    [InlineData("有个小伙子站在楼顶边上", IntakeHazards.SelfHarm)]
    [InlineData("我爹有点老年痴呆 早上出门到现在没回来", IntakeHazards.Missing)]
    [InlineData("小孙子在广场玩着玩着不见了", IntakeHazards.Missing)]
    [InlineData("外墙有块瓷砖刚掉下来 上面还有一块悬着", IntakeHazards.FallingObject)]
    [InlineData("空调外机架子松了 在那晃 下面是人行道", IntakeHazards.FallingObject)]
    public void A_person_in_danger_or_something_coming_down_now_is_urgent_and_a_fall_or_a_missing_person_is_a_wish(string text, string hazard)
    {
        var result = Analyzer.Analyze(text);

        Assert.True(result.Urgent);
        Assert.Equal(hazard, result.Problems[0].Hazard);
        Assert.Equal(hazard is IntakeHazards.Fall or IntakeHazards.Missing ? IntakeCategories.Wish : IntakeCategories.Hazard, result.Category);
    }

    [Theory]
    [InlineData("下大雨 雨水漫到屋里了")]
    [InlineData("楼上的水管破了 水往我家屋里灌")]
    [InlineData("家里水淹了 地板都泡了")]
    [InlineData("暖气片爆了 热水喷了一屋子")]
    public void Water_coming_into_a_home_now_is_an_urgent_repair(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.True(result.Urgent);
        Assert.Equal(IntakeHazards.Flood, result.Problems[0].Hazard);
        Assert.Equal(IntakeCategories.Repair, result.Category);
    }

    [Theory]
    [InlineData("电梯关了两天了 说是在检修")]
    [InlineData("电梯里面有人抽烟")]
    [InlineData("电梯停在五楼不动了 里面没人")]
    [InlineData("孩子马上要转到别的学校 要办啥手续")]
    [InlineData("燃气费逾期了有滞纳金吗")]
    [InlineData("老人找不到物业办公室在哪")]
    [InlineData("孩子的自行车不见了")]
    [InlineData("楼下有人把剩饭剩菜倒在花坛里")]
    [InlineData("外墙的瓷砖掉了几块")]
    [InlineData("那棵大树歪着 刮风就晃")]
    [InlineData("化粪池满了 污水漫到路上了")]
    [InlineData("楼下饭店的油烟都流进家里了")]
    public void Words_of_danger_in_an_ordinary_problem_do_not_make_it_urgent(string text)
    {
        Assert.False(Analyzer.Analyze(text).Urgent);
    }

    [Theory]
    [InlineData("我在外地 我妈打电话说在家摔了 起不来", IntakeCategories.Wish)]
    [InlineData("物业不管 电梯里关着俩孩子", IntakeCategories.Repair)]
    [InlineData("楼上邻居跟人打架 拿着菜刀", IntakeCategories.Dispute)]
    public void An_urgent_problem_takes_the_category_of_its_danger(string text, string category)
    {
        var result = Analyzer.Analyze(text);

        Assert.True(result.Urgent);
        Assert.Equal(category, result.Category);
    }

    [Fact]
    public void An_urgent_message_that_starts_like_a_correction_is_an_urgent_report()
    {
        var result = Analyzer.Analyze("不是漏水 是着火了！");

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.Equal(IntakeHazards.Fire, result.Problems[0].Hazard);
    }

    [Fact]
    public void An_urgent_message_stays_a_report_even_with_a_greeting_in_front()
    {
        var result = Analyzer.Analyze("在吗 楼道有烟 好呛");

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.True(result.Urgent);
    }
}
