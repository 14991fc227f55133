(function () {
  'use strict';
  var source = document.getElementById('trend-data');
  if (!source || typeof echarts === 'undefined') { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  var percent = {};
  (data.legend || []).forEach(function (entry) { percent[entry.code] = entry.format === 'percent'; });
  function format(key, value) {
    if (value === null || value === undefined) { return '\u2014'; }
    return percent[key] ? (value * 100).toFixed(2) + '%' : value.toFixed(2);
  }
  function draw(id, series, key, inverse) {
    var element = document.getElementById(id);
    if (!element) { return; }
    element.parentNode.hidden = false;
    var chart = echarts.init(element, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      grid: { left: 56, right: 24, top: 48, bottom: 32 },
      legend: { type: 'scroll', top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return key ? format(key, v) : (v === null ? '\u2014' : String(v)); } },
      xAxis: { type: 'category', data: data.periods },
      yAxis: {
        type: 'value', inverse: !!inverse, min: inverse ? 1 : null, scale: !inverse,
        axisLabel: { formatter: function (v) { return key && percent[key] ? (v * 100).toFixed(0) + '%' : String(v); } }
      },
      series: series
    });
    charts.push(chart);
  }
  function line(name, values, bold, street) {
    var series = { name: name, type: 'line', data: values, connectNulls: false, symbolSize: bold ? 6 : 3, lineStyle: { width: bold ? 3 : 1 } };
    // Where a street began or ended the series breaks (区划调整), marked rather than drawn as a fall to zero.
    var marks = [];
    if (street && street.since) { marks.push({ xAxis: street.since, label: { formatter: name + ' \u8bbe\u7acb' } }); }
    if (street && street.until) { marks.push({ xAxis: street.until, label: { formatter: name + ' \u64a4\u9500' } }); }
    if (marks.length > 0) { series.markLine = { symbol: 'none', silent: true, lineStyle: { type: 'dashed' }, data: marks }; }
    return series;
  }
  Object.keys(data.district.indicators).forEach(function (key) {
    var series = [line(data.district.name, data.district.indicators[key], true)];
    data.streets.forEach(function (s) {
      if (s.indicators[key].some(function (v) { return v !== null; })) { series.push(line(s.name, s.indicators[key], false, s)); }
    });
    draw('chart-' + key, series, key, false);
  });
  var ranked = data.streets.filter(function (s) { return s.ranks.some(function (r) { return r !== null; }); });
  draw('chart-ranks', ranked.map(function (s) { return line(s.name, s.ranks, false, s); }), null, true);
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
