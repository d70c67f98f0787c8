"""django-import-export resources: the spreadsheets street offices keep, with Chinese headers.

The same columns are used for exports (admin) and imports (communities.imports), so a file
exported from one street can be corrected and imported again.
"""

from import_export import fields, resources

from communities.models import Allowance, Household, Node, Residency

BUILDING_COLUMNS = ["社区", "网格", "小区", "楼栋", "单元数", "地址"]
HOUSEHOLD_COLUMNS = ["楼栋编码", "单元", "房号", "建筑面积"]
RESIDENT_COLUMNS = [
    "姓名",
    "手机号",
    "楼栋编码",
    "单元",
    "房号",
    "与户主关系",
    "是否产权人",
    "户籍类型",
]
# Optional columns that imports accept but do not require.
OPTIONAL_COLUMNS = {"buildings": ["楼栋编码"], "households": [], "residents": []}


def _ancestor_name(node: Node, depth: int) -> str:
    parts = node.full_name.split(" / ")
    return parts[depth] if len(parts) > depth else ""


class BuildingResource(resources.ModelResource):
    community = fields.Field(column_name="社区")
    grid = fields.Field(column_name="网格")
    compound = fields.Field(column_name="小区")
    name = fields.Field(attribute="name", column_name="楼栋")
    units = fields.Field(column_name="单元数")
    address = fields.Field(attribute="address", column_name="地址")
    code = fields.Field(attribute="code", column_name="楼栋编码")

    class Meta:
        model = Node
        fields = ["community", "grid", "compound", "name", "units", "address", "code"]
        export_order = fields

    def dehydrate_community(self, node):
        return _ancestor_name(node, 1)

    def dehydrate_grid(self, node):
        return _ancestor_name(node, 2) if node.depth >= 4 else ""

    def dehydrate_compound(self, node):
        return node.full_name.split(" / ")[-2] if node.depth >= 3 else ""

    def dehydrate_units(self, node):
        return getattr(node, "unit_count", "")


class HouseholdResource(resources.ModelResource):
    building_code = fields.Field(column_name="楼栋编码")
    unit = fields.Field(column_name="单元")
    room = fields.Field(attribute="room", column_name="房号")
    floor_area = fields.Field(attribute="floor_area", column_name="建筑面积")
    place = fields.Field(attribute="node__full_name", column_name="位置")

    class Meta:
        model = Household
        fields = ["building_code", "unit", "room", "floor_area", "place"]
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("node__parent")

    def dehydrate_building_code(self, household):
        node = household.node
        return node.parent.code if node.kind == Node.Kind.UNIT else node.code

    def dehydrate_unit(self, household):
        return household.node.name if household.node.kind == Node.Kind.UNIT else ""


class ResidentResource(resources.ModelResource):
    """Residents with their full phone: exported only by staff managing them (admin)."""

    name = fields.Field(attribute="user__real_name", column_name="姓名")
    phone = fields.Field(attribute="user__phone", column_name="手机号")
    building_code = fields.Field(column_name="楼栋编码")
    unit = fields.Field(column_name="单元")
    room = fields.Field(attribute="household__room", column_name="房号")
    relation = fields.Field(column_name="与户主关系")
    is_owner = fields.Field(column_name="是否产权人")
    residence_type = fields.Field(column_name="户籍类型")
    status = fields.Field(column_name="状态")

    class Meta:
        model = Residency
        fields = [
            "name",
            "phone",
            "building_code",
            "unit",
            "room",
            "relation",
            "is_owner",
            "residence_type",
            "status",
        ]
        export_order = fields

    def dehydrate_name(self, residency):
        if residency.status == Residency.Status.INVITED:
            return residency.resident_label  # masked until the person confirms
        return residency.user.real_name

    def dehydrate_building_code(self, residency):
        return HouseholdResource().dehydrate_building_code(residency.household)

    def dehydrate_unit(self, residency):
        return HouseholdResource().dehydrate_unit(residency.household)

    def dehydrate_relation(self, residency):
        return residency.get_relation_display()

    def dehydrate_is_owner(self, residency):
        return "是" if residency.is_owner else "否"

    def dehydrate_residence_type(self, residency):
        return residency.get_residence_type_display()

    def dehydrate_status(self, residency):
        return residency.get_status_display()


class AllowanceResource(resources.ModelResource):
    month = fields.Field(column_name="月份")
    captain = fields.Field(attribute="captain__real_name", column_name="姓名")
    post = fields.Field(column_name="职务")
    place = fields.Field(attribute="post__node__full_name", column_name="负责地点")
    amount = fields.Field(attribute="amount", column_name="金额(元)")
    paid = fields.Field(column_name="是否发放")

    class Meta:
        model = Allowance
        fields = ["month", "captain", "post", "place", "amount", "paid"]
        export_order = fields

    def dehydrate_month(self, allowance):
        return allowance.month.strftime("%Y-%m")

    def dehydrate_post(self, allowance):
        return allowance.post.get_kind_display()

    def dehydrate_paid(self, allowance):
        return "是" if allowance.paid else "否"
