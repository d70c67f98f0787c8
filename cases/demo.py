"""Demo cases for 祖庙街道: one in each main state, so every page has something to show.

Idempotent: cases are recognised by their description; nothing is made twice.
"""

from cases import services
from cases.models import Case, Category, Satisfaction
from core.demo import DemoContext


def _case(context: DemoContext, description: str, code: str, node, reporter=None) -> Case | None:
    existing = Case.objects.filter(description=description).first()
    if existing:
        return None
    category = Category.objects.filter(code=code).first()
    if category is None:
        return None
    return services.case_report(
        reporter=reporter or context.data["resident"],
        category=category,
        description=description,
        node=node,
    )


def seed_demo(context: DemoContext) -> None:
    data = context.data
    if "building" not in data:
        return
    captain, grid = data["captain"], data["grid_worker"]
    staff = data["community_staff"]
    unit, building = data["unit"], data["building"]

    _case(context, "2单元门口有一袋生活垃圾放了两天，天热有味道。", "0201", unit)

    accepted = _case(context, "楼道里堆放了旧沙发和纸箱，挡住了消防通道。", "0501", unit)
    if accepted:
        services.case_accept(actor=captain, case=accepted)
        services.case_start(actor=captain, case=accepted, note="已联系住户，约定周六前搬走")

    closed = _case(context, "5栋北侧路灯不亮，晚上回家很黑。", "0701", building)
    if closed:
        services.case_accept(actor=captain, case=closed)
        services.case_start(actor=captain, case=closed)
        services.case_submit(actor=captain, case=closed, result="已报物业更换灯泡，当晚恢复照明。")
        services.case_verify(actor=grid, case=closed, passed=True, note="晚上复查，灯已亮。")
        services.case_rate(
            actor=closed.reporter,
            case=closed,
            satisfaction=Satisfaction.SATISFIED,
            comment="处理很快，谢谢楼长！",
        )

    dispatched = _case(
        context, "小区门口早晚有流动摊贩占道经营，行人要绕到机动车道。", "0102", data["community"]
    )
    if dispatched:
        services.case_accept(actor=staff, case=dispatched)
        from communities.models import Post

        post = Post.objects.filter(user=grid, ends_on__isnull=True).first()
        if post:
            services.case_dispatch(actor=staff, case=dispatched, post=post, note="请网格员劝导")
