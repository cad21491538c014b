a = b.in
c = x.else
d = in
e = for(x)
f = [for in in x : in]
g = provider::in::for(x)
h = x[*].in
i = "${x.in} ${y.endif}"
j = x.true.null
k = { in = 1, for = 2, if = 3, true = 4, null = 5, endfor = 6 }
l = x.0.in
m = 1.5
n = -3
resource "in" "for" {
  if = true
  endif = null
}
