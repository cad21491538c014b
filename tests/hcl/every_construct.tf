# comment
resource "aws_db_instance" "x" {
  in = "header"
  true = 1
  for_each = { for k, v in var.m : k => v... if v != null }
  list = [for s in var.l : upper(s) if s != ""]
  list2 = [
    for s in var.l :
    s
  ]
  obj2 = {
    for k, v in var.m :
    k => v
    if k != "a"
  }
  nested = {
    in = 1
    true = 2
    "quoted" = 3
    (var.k) = 4
    5 = 6
    1.5 = 7
    null = 8
    a.b = 9
    for = 10
  }
  tmpl = "a %{ if var.x }yes%{ else }no%{ endif } b %{ for i in var.l }${i}%{ endfor }"
  tmpl2 = "%{~ if var.x ~}y%{~ endif ~}"
  tmpl3 = "%{ for k, v in var.m }${k}=${v},%{ endfor }"
  nest = "%{ if a }%{ for x in b }${x}%{ endfor }%{ endif }"
  esc = "$${not} %%{not} \" \\ \n"
  heredoc = <<EOT
hello ${var.x}
EOT
  heredoc2 = <<-EOT
    indented
  EOT
  sum = 1 +
    2 *
    3
  cond = var.a ? "x" : "y"
  cond2 = var.a
    ? "x"
    : "y"
  splat = aws_instance.x[*].id
  splat2 = aws_instance.x.*.id
  idx = var.l[0].name
  idx2 = var.l.0
  lit = var.x.true
  neg = -1
  not = !var.b
  float = 1.5e3
  fn = provider::aws::arn_parse("x")
  call = join(",", [
    "a", # c
    "b",
  ]...)
  paren = (1 + 2) * 3
  chain = var.a && var.b || var.c == var.d
  // comment
  /* block
  comment */
  tpl = "\"${var.a}\""
  empty = {}
  emptyl = []
  dyn = { "a" : 1, b : 2 }
}
data "x" "y" {}
module "m" { source = "./m" }
block in {}
block true "x" {}
locals {
  a = <<EOF2
x
EOF2
}
