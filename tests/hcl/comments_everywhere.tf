a = [for k, v in var.m : k]
b = [for k, v # c
  in var.m : k]
c = [for k, v in # c
  var.m : k if # c
  v]
d = {for k, v in var.m : k => v # c
  ... # c
  if # c
  v}
e = {for k in var.l : k => k ...}
i = a ? # c
  b : c
j = a /* x */ + b
k = [
  # only comment
]
l = {
  # only comment
}
m = f(
  a,
  b
)
n = f(a, b...)
o = f()
p = x[
  0
]
q = -x
r = x.y[*].z[0]
s = x.*.y[0]
